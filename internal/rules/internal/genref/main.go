// Command genref writes docs/RULES-INPUT.md from the rules' input types (go generate ./internal/rules).
package main

import (
	"flag"
	"log"
	"os"

	"archgov/internal/rules"
)

func main() {
	out := flag.String("o", "", "the file to write")
	flag.Parse()
	if err := os.WriteFile(*out, []byte(rules.Reference()), 0o644); err != nil {
		log.Fatal(err)
	}
}
