# Change the table in the first box on page 1 of schedule.pdf to Courier size 9, centred, border width 2.
import fitz
import PDFbf

filepath = "schedule.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)

pagenumber0 = 0
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=pagenumber0, rectangleorder=0)
argument0 = dict(clip=rectangle0, font="Courier", fontsize=9, borderwidth=2, align="center")
table_extractor0 = PDFbf.extract_table(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"))
table_data0 = table_extractor0.data
table_manipulator0 = PDFbf.manipulate_table(doc=doc, pagenumber=pagenumber0, clip=argument0.get("clip"), data=table_data0, font=argument0.get("font"), fontsize=argument0.get("fontsize"), borderwidth=argument0.get("borderwidth"), align=argument0.get("align"))
doc = table_manipulator0.addtable()

updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
