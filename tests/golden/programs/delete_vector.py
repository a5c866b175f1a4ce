# In the first box on page 1 of frame.pdf, delete the lines covered by the box and the rebars it crosses,
# then repair the drawing; in the second box, delete everything.
import fitz
import PDFbf

filepath = "frame.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=0)
argument0 = dict(clip=rectangle0)
selector0 = PDFbf.selector(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"))
covered_lines0 = selector0.mode1_lines_Window_Cover_Enclosure()
intersected_rebars0 = selector0.mode2_rebars_Cross_Touch_Intersect()
sel_drawings0 = covered_lines0 + intersected_rebars0
drawer0 = PDFbf.draw_drawer(doc=doc, pagenumber=pagenumber0, listofcdraw=sel_drawings0)
doc = drawer0.delete_draw()
repairer0 = PDFbf.repairer(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), cdrawings=selector0.selected_lines, sel_drawings=sel_drawings0)
doc = repairer0.del_repair()

rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=1)
argument1 = dict(clip=rectangle1)
cleaner1 = PDFbf.delete(doc=doc, pagenumber=pagenumber0, clip=argument1.get("clip"))
doc = cleaner1.applydelete()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
