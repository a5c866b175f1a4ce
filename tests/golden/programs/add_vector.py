# On page 1 of column.pdf, turn the rebars drawn in red into standard strokes (blue, width 2), and every
# stroke drawn in green into standard black strokes of width 1.
import fitz
import PDFbf

filepath = "column.pdf"
doc = fitz.open(filepath)

pagenumber0 = 0
argument0 = dict(annocolor="red", drwcolor="blue", width=2)
annoextractor0 = PDFbf.extractanno(doc=doc, pagenumber=pagenumber0, annocolor=argument0.get("annocolor"))
red_0_drawings = annoextractor0.anno()
selector0 = PDFbf.select_from_drawings(doc=doc, pagenumber=pagenumber0, cdrawings=red_0_drawings)
red_0_rebars = selector0.mode2_rebars_Cross_Touch_Intersect()
vector_manipulator0 = PDFbf.manipulate_draw(doc=doc, pagenumber=pagenumber0, sel_drawings=red_0_rebars, drwcolor=argument0.get("drwcolor"), width=argument0.get("width"))
doc = vector_manipulator0.add_standrawing()

argument1 = dict(annocolor="green", drwcolor="black", width=1)
annoextractor1 = PDFbf.extractanno(doc=doc, pagenumber=pagenumber0, annocolor=argument1.get("annocolor"))
green_0_drawings = annoextractor1.anno()
vector_manipulator1 = PDFbf.manipulate_draw(doc=doc, pagenumber=pagenumber0, sel_drawings=green_0_drawings, drwcolor=argument1.get("drwcolor"), width=argument1.get("width"))
doc = vector_manipulator1.add_standrawing()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
