package app

import (
	"errors"
	"io"

	"archgov/internal/domain"
	"archgov/internal/sheet"
)

// SheetLimits are the limits every workbook import is read within.
func (s *Service) SheetLimits() sheet.Limits { return s.sheetLimits }

// openSheet opens an uploaded workbook within the configured limits. A file over a limit,
// damaged or unreadable is refused whole, with a message naming the limit or the damage.
func (s *Service) openSheet(r io.Reader) (*sheet.Book, error) {
	b, err := sheet.Open(r, s.sheetLimits)
	if err != nil {
		return nil, sheetFileError(err)
	}
	return b, nil
}

// sheetFileError turns the sheet package's refusal of a whole file into the user's message.
func sheetFileError(err error) error {
	var le *sheet.LimitError
	var de *sheet.DamagedError
	switch {
	case errors.As(err, &le):
		switch le.Limit {
		case "compressed", "total":
			return domain.Invalid("file", "err.import.limit."+le.Limit, le.MiB())
		case "part", "text":
			return domain.Invalid("file", "err.import.limit."+le.Limit, le.Part, le.MiB())
		}
		return domain.Invalid("file", "err.import.limit."+le.Limit, le.Max)
	case errors.As(err, &de):
		switch de.Reason {
		case "xml":
			return domain.Invalid("file", "err.import.damaged.xml", de.Part, de.Line)
		case "row":
			return domain.Invalid("file", "err.import.damaged.row", de.Part, de.Line, de.After)
		case "cell":
			return domain.Invalid("file", "err.import.damaged.cell", de.Part, de.After)
		case "truncated", "doctype":
			return domain.Invalid("file", "err.import.damaged."+de.Reason, de.Part)
		}
		return domain.Invalid("file", "err.import.damaged.zip", de.Part)
	}
	return domain.Invalid("file", "err.import.file", err.Error())
}
