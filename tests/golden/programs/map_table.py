# Move the table in the third box on page 2 of schedule.pdf 30 to the right and 20 down, and rotate the
# table in the first box on page 1 by 90 degrees counter-clockwise.
import fitz
import PDFbf

filepath = "schedule.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 1
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=2)
argument0 = dict(clip=rectangle0, move=[30, -20, rfpoint0])
projector0 = PDFbf.Projector(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), move=argument0.get("move"))
doc = projector0.project()

pagenumber1 = 0
rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=pagenumber1, rectangleorder=0)
argument1 = dict(clip=rectangle1, rotation=["r", -90, rfpoint1])
projector1 = PDFbf.Projector(doc=doc, pagenumber=pagenumber1, clip=argument1.get("clip"), rotation=argument1.get("rotation"))
doc = projector1.project()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
