// Package model is the domain of carekiosk: care group sessions, the
// families and children who sign in to them, age bands, units and their
// yearly quotas, and the rules that connect them.
//
// It imports neither the terminal UI nor SQL. Storage packages implement the
// service interfaces declared here; screens, the phone check-in server and the
// exports consume them.
package model
