# In the table in the first box on page 1 of schedule.pdf: delete row 3, clear cells 2,2 to 2,3, and
# replace row 1 with Mark, Section, Count; then use font size 10.
import fitz
import PDFbf

filepath = "schedule.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=0)
argument0 = dict(clip=rectangle0, fontsize=10)
table_extractor0 = PDFbf.extract_table(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"))
table_data0 = table_extractor0.data
table_manipulator0 = PDFbf.manipulate_table(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), data=table_data0, fontsize=argument0.get("fontsize"))
table_manipulator0.data = table_manipulator0.cuttable(delrow=[3])
table_manipulator0.data = table_manipulator0.emptytable(startcell=[2, 2], endcell=[2, 3])
table_manipulator0.data = table_manipulator0.modifytable(repdata=[["Mark", "Section", "Count"]], startcell=[1, "all"])
doc = table_manipulator0.addtable()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
