import ArgumentParser
import Foundation
import Platform
import Submissions
import Team

/// `crp user add|list|remove|password`: the team of the web desk (`crp serve`).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage who may sign in to the web desk (crp serve) and with which role.",
        discussion: """
            Users are stored in the workspace's .crp/users.json (git-ignored, never served) with a bcrypt hash of \
            their password. Roles: officer (everything), translator (the submissions assigned to them: read, download, \
            attach a translation), viewer (reads only). The password is read from the first line of standard input \
            when it is not a terminal, else asked twice without echo.
            """,
        subcommands: [Add.self, List.self, Remove.self, Password.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user: crp user add NAME --role officer|translator|viewer.")
        @Argument(help: "The user name they sign in with.") var name: String
        @Option(help: "officer, translator or viewer.") var role: String
        @OptionGroup var ws: WorkspaceOptions
        @OptionGroup var actor: ActorOption

        func validate() throws {
            if Role(rawValue: role) == nil { throw ValidationError("--role must be officer, translator or viewer.") }
        }

        func run() throws {
            try guarded {
                let workspace = try ws.openChangeable()
                let team = Team(workspaceRoot: workspace.store.root, clock: workspace.store.clock)
                _ = try Team.checkedName(name)
                let password = try PasswordPrompt.read(for: name)
                let m = try team.add(name: name, role: Role(rawValue: role) ?? .viewer, password: password, by: actor.actor)
                Terminal.note("Added \(m.name) (\(m.role.rawValue)).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
        @OptionGroup var ws: WorkspaceOptions

        func run() throws {
            try guarded {
                let workspace = try ws.open()
                let members = try Team(workspaceRoot: workspace.store.root).members()
                if members.isEmpty { print("No users yet. Add one with `crp user add NAME --role officer`."); return }
                var table = [["NAME", "ROLE", "ADDED", "BY"]]
                for m in members { table.append([m.name, m.role.rawValue, m.addedAt, m.addedBy]) }
                printTable(table)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (their name stays in the histories they signed).")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var ws: WorkspaceOptions

        func run() throws {
            try guarded {
                let workspace = try ws.openChangeable()
                try Team(workspaceRoot: workspace.store.root).remove(name: name)
                Terminal.note("Removed \(name); a web session of theirs ends at its next request.")
            }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password for a user.")
        @Argument(help: "The user name.") var name: String
        @OptionGroup var ws: WorkspaceOptions

        func run() throws {
            try guarded {
                let workspace = try ws.openChangeable()
                let team = Team(workspaceRoot: workspace.store.root)
                guard try team.member(name) != nil else { throw TeamError.unknown(name, known: try team.members().map(\.name)) }
                try team.setPassword(name: name, password: try PasswordPrompt.read(for: name))
                Terminal.note("Set a new password for \(name).")
            }
        }
    }
}
