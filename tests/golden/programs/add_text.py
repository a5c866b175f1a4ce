# Add "CHECK REBAR SPACING" in the second box on page 1 of beam.pdf (Arial, size 12, red, centred),
# and a second note in the same box whose text the instruction does not give.
import fitz
import PDFbf

filepath = "beam.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangleorder0 = 1
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=rectangleorder0)
argument0 = dict(clip=rectangle0, text="CHECK REBAR SPACING", font="Arial", fontsize=12, textcolor="red", rotate=0, align=fitz.TEXT_ALIGN_CENTER)
Text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), text=argument0.get("text"), font=argument0.get("font"), fontsize=argument0.get("fontsize"), textcolor=argument0.get("textcolor"), rotate=argument0.get("rotate"), align=argument0.get("align"))
doc = Text_manipulator0.addtext()

missing_information1 = "file-level: beam.pdf, page-level: 1, order-level: 2, base-level: add another note(incomplete)"
recorder1 = PDFbf.recorder(missing_information=missing_information1)
recorder1.recording()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
