//go:build !race

package backup

// raceDetector is true when the tests run with -race, which slows them
// several times: timings then mean nothing.
const raceDetector = false
