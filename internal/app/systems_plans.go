package app

import (
	"context"
	"slices"
	"strings"

	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
)

// The systems sheet's columns for exchange channels (SHR-P1) and base data (SHR-R7): one
// column per base library, holding how the system gets that library's data (empty: not used).

var dockStateLabels, dockStateByLabel = zhLabels("dockstate.", domain.DockingStates)

// baseDataColumn is the sheet column of a base library.
func baseDataColumn(l domain.BaseLibrary) string { return "base_" + string(l) }

// libraryColumn is the base-data column of one library: its name as the header (and the
// other names people use for it as aliases), a drop-down of the docking states.
func libraryColumn(l domain.BaseLibrary, name string, others ...string) sheet.Column {
	aliases := []string{"使用" + name}
	for _, o := range others {
		aliases = append(aliases, o, "使用"+o)
	}
	return sheet.Column{Key: baseDataColumn(l), Header: name, Aliases: aliases, Kind: sheet.Enum, Enum: dockStateLabels,
		Synonyms: map[string]string{"已对接": "已对接基础库", "对接": "已对接基础库", "副本": "自建副本", "自建": "自建副本"},
		Help:     "使用" + name + "数据时填写获取方式（SHR-R7）；不使用则留空"}
}

// libraryColumns are the base-data columns of the registry workbook with the five seeded
// libraries; systemSheets puts one column per library of the table in their place.
var libraryColumns = func() []sheet.Column {
	var cols []sheet.Column
	for _, l := range domain.BaseLibraries {
		cols = append(cols, libraryColumn(l, i18n.T(i18n.ZH, "baselib."+string(l))))
	}
	return cols
}()

// systemSheets are the registry workbook's import and export schemas with one base-data column
// per library of the table (issue 4: a library the office adds gets its column), and the
// libraries that have a column.
type systemSheets struct {
	imp, exp sheet.Schema
	libs     []domain.BaseLibrary
}

func (s *Service) systemSheets(ctx context.Context) (*systemSheets, error) {
	ls, err := s.db.Read().BaseLibraries(ctx)
	if err != nil {
		return nil, err
	}
	out := &systemSheets{}
	var cols []sheet.Column
	for _, l := range ls {
		var others []string
		// A seeded library the office renamed still reads under its usual name (人口库).
		if k := "baselib." + string(l.Code); i18n.Has(i18n.ZH, k) && i18n.T(i18n.ZH, k) != l.Name {
			others = append(others, i18n.T(i18n.ZH, k))
		}
		cols = append(cols, libraryColumn(l.Code, l.Name, others...))
		out.libs = append(out.libs, l.Code)
	}
	with := func(base sheet.Schema) sheet.Schema {
		sc := base
		sc.Columns = nil
		placed := false
		for _, c := range base.Columns {
			switch {
			case !strings.HasPrefix(c.Key, "base_"):
				sc.Columns = append(sc.Columns, c)
			case !placed:
				sc.Columns, placed = append(sc.Columns, cols...), true
			}
		}
		return sc
	}
	out.imp, out.exp = with(SystemSheet), with(SystemExportSheet)
	return out, nil
}

// baseDataFromRow reads the base data (a column per library of libs) of a row onto sys.
func baseDataFromRow(row sheet.Row, sys *domain.System, libs []domain.BaseLibrary) {
	for _, l := range libs {
		if v, ok := row.Values[baseDataColumn(l)]; ok && v.Text != "" {
			sys.BaseData = append(sys.BaseData, domain.BaseDataUse{Library: l, State: dockStateByLabel[v.Text]})
		}
	}
}

// keepSharing keeps an existing system's exchange channels and base-data states where the
// workbook has no column for them (a workbook from before these columns existed): a missing
// column is not an empty cell.
func keepSharing(present map[string]bool, sys, existing *domain.System, libs []domain.BaseLibrary) {
	if sys.Classification == domain.Classified {
		return // minimal metadata: nothing to keep
	}
	if !present["exchange"] {
		sys.ExchangeChannels = slices.Clone(existing.ExchangeChannels)
	}
	for _, l := range libs {
		if !present[baseDataColumn(l)] {
			sys.SetBaseDataState(l, existing.BaseDataState(l))
		}
	}
	// A library without a column in this workbook's schema stays as it is.
	for _, u := range existing.BaseData {
		if !slices.Contains(libs, u.Library) {
			sys.SetBaseDataState(u.Library, u.State)
		}
	}
}
