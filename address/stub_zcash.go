package address

// stub: replaced by the real parser.
func parseZcash(s string, hint Chain) (Address, error) {
	return Address{}, perr(s, hint, ErrUnknownFormat, "")
}
