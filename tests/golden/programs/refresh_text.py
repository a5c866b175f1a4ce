# In notes.pdf, page 2: make the text in the first box blue and size 14; the vertical text in the third
# box Times-Roman; and "update the text in the sixth box" (no attribute given).
import fitz
import PDFbf

filepath = "notes.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 1
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=0)
argument0 = dict(clip=rectangle0, fontsize=14, textcolor="blue", rotate=0)
Text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), fontsize=argument0.get("fontsize"), textcolor=argument0.get("textcolor"), rotate=argument0.get("rotate"))
Text_manipulator0.text = Text_manipulator0.gethortext()
doc = Text_manipulator0.addtext()

rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=2)
argument1 = dict(clip=rectangle1, font="Times-Roman", rotate=90)
Text_manipulator1 = PDFbf.manipulate_text(doc=doc, pagenumber=pagenumber0, clip=argument1.get("clip"), font=argument1.get("font"), rotate=argument1.get("rotate"))
Text_manipulator1.text = Text_manipulator1.getvertext()
doc = Text_manipulator1.addtext()

missing_information2 = "file-level: notes.pdf, page-level: 2, order-level: 6, base-level: missing"
recorder2 = PDFbf.recorder(missing_information=missing_information2)
recorder2.recording()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
