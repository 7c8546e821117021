import ArgumentParser

/// `tightrope debug …`: the reading steps one at a time, for trying a message or a lexicon
/// change by hand and for the corpus scorers. Each reads stdin (or a folder) and prints what
/// the step makes of it; none touches the database or the network.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Run one reading step on a message or text (extract-reply, extract-body, parse-reply, screen, read).",
        discussion: "The same commands are available at the top level (`tightrope parse-reply …`) for existing scripts.",
        subcommands: [ExtractReplyCommand.self, ExtractBodyCommand.self, ParseReplyCommand.self, ScreenCommand.self, ReadCommand.self])
}
