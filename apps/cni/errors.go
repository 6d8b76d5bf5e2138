package main

// Error codes of the CNI specification, and the plugin's own (100 and up).
const (
	errIncompatibleVersion = 1
	errIO                  = 5
	errDecode              = 6
	errInvalidEnv          = 4
	errInvalidConfig       = 7
	errTryAgainLater       = 11
	errNotAvailable        = 50
	// errPlugin: the controller refused, or the host could not be plumbed; msg says which.
	errPlugin = 100
	// errCheckFailed: CHECK found the container's attachment missing or different from what ADD made.
	errCheckFailed = 101
)

type cniError struct {
	Code    int
	Msg     string
	Details string
}

func (e *cniError) Error() string {
	if e.Details == "" {
		return e.Msg
	}
	return e.Msg + ": " + e.Details
}
