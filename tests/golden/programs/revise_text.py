# In the second box on page 1 of notes.pdf, delete "temporary" and replace "beam" with "girder";
# left-aligned.
import fitz
import PDFbf

filepath = "notes.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=1)
argument0 = dict(clip=rectangle0, rotate=0, align=fitz.TEXT_ALIGN_LEFT)
Text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), rotate=argument0.get("rotate"), align=argument0.get("align"))
Text_manipulator0.text = Text_manipulator0.gethortext()
Text_manipulator0.text = Text_manipulator0.deletetext(deltex="temporary")
Text_manipulator0.text = Text_manipulator0.replacetext(retext="beam", totext="girder")
doc = Text_manipulator0.addtext()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
