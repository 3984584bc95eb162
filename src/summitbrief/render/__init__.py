"""Edition + Press → HTML: the units of a memo, its filters, its typography, the sandbox."""
