# Put a 3x3 table into the first box on page 2 of slab.pdf: header Mark, Size, Qty; rows B1, 300x600, 4
# and B2, 300x500, 2; row height 20, column width 60, font Helvetica size 10.
import fitz
import PDFbf

filepath = "slab.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 1
rectangleorder0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=rectangleorder0)
table_data0 = [["Mark", "Size", "Qty"], ["B1", "300x600", "4"], ["B2", "300x500", "2"]]
argument0 = dict(clip=rectangle0, data=table_data0, arrange=[[20, 20, 20], [60, 60, 60]], font="Helvetica", fontsize=10)
table_manipulator0 = PDFbf.manipulate_table(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), data=argument0.get("data"), arrange=argument0.get("arrange"), font=argument0.get("font"), fontsize=argument0.get("fontsize"))
doc = table_manipulator0.addtable()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
