package i18n

// What an import answers for a workbook over the limits or damaged (internal/sheet/limits.go,
// docs/IMPORT.md): nothing in such a file is written.
func init() {
	add(map[string]string{
		"err.import.limit.compressed":  "文件过大：不能超过 %d MB，未写入任何内容",
		"err.import.limit.part":        "文件解压后过大：其中的「%s」超过 %d MB，未写入任何内容",
		"err.import.limit.total":       "文件解压后过大：合计超过 %d MB，未写入任何内容",
		"err.import.limit.rows":        "行数过多：一个工作表不能超过 %d 行（含表头），请分成几个文件导入，未写入任何内容",
		"err.import.limit.columns":     "列数过多：一个工作表不能超过 %d 列，未写入任何内容",
		"err.import.limit.parts":       "文件内部的部件过多（超过 %d 个），未写入任何内容",
		"err.import.limit.merges":      "合并单元格过多：一个工作表不能超过 %d 处，未写入任何内容",
		"err.import.limit.text":        "内容过长：「%s」中有一段超过 %d MB 的连续内容（Excel 的单元格最多 32767 个字符），未写入任何内容",
		"err.import.damaged.zip":       "文件已损坏：「%s」无法解压，未写入任何内容",
		"err.import.damaged.xml":       "文件已损坏：「%s」第 %d 行不是有效的 XML，未写入任何内容",
		"err.import.damaged.truncated": "文件已损坏：「%s」不完整（文件被截断），未写入任何内容",
		"err.import.damaged.doctype":   "文件无法读取：「%s」含有文档类型声明（<!DOCTYPE>），Excel 不会写出这样的文件，未写入任何内容",
		"err.import.damaged.row":       "文件已损坏：「%s」的行号 %d 排在第 %d 行之后，未写入任何内容",
		"err.import.damaged.cell":      "文件已损坏：「%s」第 %d 行的单元格位置无效或次序颠倒，未写入任何内容",
	}, map[string]string{
		"err.import.limit.compressed":  "the file is too large: at most %d MB; nothing was written",
		"err.import.limit.part":        "the file inflates too far: its part “%s” is over %d MB; nothing was written",
		"err.import.limit.total":       "the file inflates too far: over %d MB in all; nothing was written",
		"err.import.limit.rows":        "too many rows: a sheet may have at most %d rows (header included); split the file; nothing was written",
		"err.import.limit.columns":     "too many columns: a sheet may have at most %d columns; nothing was written",
		"err.import.limit.parts":       "the file has too many parts inside (over %d); nothing was written",
		"err.import.limit.merges":      "too many merged cells: at most %d in a sheet; nothing was written",
		"err.import.limit.text":        "content too long: “%s” has a run of over %d MB (an Excel cell holds at most 32,767 characters); nothing was written",
		"err.import.damaged.zip":       "the file is damaged: “%s” cannot be unpacked; nothing was written",
		"err.import.damaged.xml":       "the file is damaged: “%s” is not valid XML at line %d; nothing was written",
		"err.import.damaged.truncated": "the file is damaged: “%s” is incomplete (the file was cut short); nothing was written",
		"err.import.damaged.doctype":   "the file cannot be read: “%s” has a document type declaration (<!DOCTYPE>), which Excel never writes; nothing was written",
		"err.import.damaged.row":       "the file is damaged: in “%s” row number %d comes after row %d; nothing was written",
		"err.import.damaged.cell":      "the file is damaged: in “%s” a cell of row %d has an invalid or out-of-order position; nothing was written",
	})
}
