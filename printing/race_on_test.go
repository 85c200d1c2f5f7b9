//go:build race

package printing

// raceDetector is true when the tests run with -race, which slows them
// several times: timings then mean nothing.
const raceDetector = true
