// Package filedrop takes files from parties that have no API but drop files
// into a directory, usually on an SFTP server: channels, ERPs, warehouses.
//
// A Poller looks at a Dir once per call of Poll. It takes a file only once
// the file has stopped changing, hands its content to a Handler in the same
// database transaction that records the file's receipt, and then moves the
// file to done/ or, with its problems written beside it, to error/. The
// receipts make sure that no content is applied twice, under whatever name
// it arrives, and that a file whose move failed is only moved later.
//
// Dial connects to an SFTP server that it knows by its host key; LocalDir
// serves a local directory the same way. Put writes a file so that nobody
// sees it part-written. A Reader reads CSV as a Mapping from canonical
// fields to columns describes, and collects every problem with its line
// and column.
package filedrop
