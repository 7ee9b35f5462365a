import ArgumentParser

struct Completions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            bash: crp completions --shell bash > ~/.local/share/bash-completion/completions/crp
            zsh:  crp completions --shell zsh > ~/.zfunc/_crp   (with fpath+=~/.zfunc before compinit)
            fish: crp completions --shell fish > ~/.config/fish/completions/crp.fish
            The same scripts come from `crp --generate-completion-script SHELL`.
            """
    )

    @Option(help: "bash, zsh or fish.") var shell: String

    func run() throws {
        guard let s = CompletionShell(rawValue: shell.lowercased()) else {
            throw ValidationError("\"\(shell)\" is not a shell crp writes completions for. Use --shell bash, zsh or fish.")
        }
        print(CRP.completionScript(for: s))
    }
}
