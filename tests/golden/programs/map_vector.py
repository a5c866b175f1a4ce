# In the first box on page 3 of bridge.pdf, move the columns the box covers 15 up and rotate them 45
# degrees clockwise.
import fitz
import PDFbf

filepath = "bridge.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 2
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=0)
argument0 = dict(clip=rectangle0, move=[0, 15, rfpoint0], rotation=["r", 45, rfpoint0])
selector0 = PDFbf.selector(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"))
covered_columns0 = selector0.mode1_columns_Window_Cover_Enclosure()
vector_projector0 = PDFbf.project_draw(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), sel_drawings=covered_columns0, cdrawings=selector0.selected_lines, move=argument0.get("move"), rotation=argument0.get("rotation"))
doc = vector_projector0.project()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
