# In the second box on page 1 of frame.pdf, make the lines the box crosses dashed, red, width 1, with
# rounded joins.
import fitz
import PDFbf

filepath = "frame.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=1)
argument0 = dict(clip=rectangle0, drwcolor="red", dashes="[3 3]0", lineJoin=1, width=1)
selector0 = PDFbf.selector(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"))
intersected_lines0 = selector0.mode2_lines_Cross_Touch_Intersect()
vector_manipulator0 = PDFbf.manipulate_draw(doc=doc, pagenumber=pagenumber0, sel_drawings=intersected_lines0, drwcolor=argument0.get("drwcolor"), dashes=argument0.get("dashes"), lineJoin=argument0.get("lineJoin"), width=argument0.get("width"))
doc = vector_manipulator0.update_draw()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
