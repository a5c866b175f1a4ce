# Enlarge the text in the second box on page 1 of notes.pdf 1.5 times and move it 10 left; also rotate
# some text in a file the instruction does not name.
import fitz
import PDFbf

filepath = "notes.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=1)
argument0 = dict(clip=rectangle0, move=[-10, 0, rfpoint0], scal=["sc", [1.5, 1.5], rfpoint0])
projector0 = PDFbf.Projector(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), move=argument0.get("move"), scal=argument0.get("scal"))
doc = projector0.project()

missing_information1 = "file-level: incomplete, page-level: missing, order-level: missing, base-level: rotate the text"
recorder1 = PDFbf.recorder(missing_information=missing_information1)
recorder1.recording()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
