import Model

/// Text and dot renderings of a package graph.
enum GraphRendering {
    static func text(_ graph: PackageGraph) -> String {
        var out = "\(graph.name) (tools \(graph.toolsVersion)): \(graph.components.count) targets\n"
        for c in graph.components {
            out += "\n\(c.name) [\(c.kind)] \(c.folder)\n"
            if !c.dependencies.isEmpty { out += "  depends on: \(c.dependencies.joined(separator: ", "))\n" }
            if !c.externalProducts.isEmpty { out += "  uses: \(c.externalProducts.joined(separator: ", "))\n" }
            if !c.dependents.isEmpty { out += "  used by: \(c.dependents.joined(separator: ", "))\n" }
            if !c.testTargets.isEmpty { out += "  tests: \(c.testTargets.joined(separator: ", "))\n" }
            if !c.products.isEmpty { out += "  products: \(c.products.joined(separator: ", "))\n" }
            if !c.resources.isEmpty { out += "  resources: \(c.resources.joined(separator: ", "))\n" }
            if !c.settings.isEmpty { out += "  settings: \(c.settings.joined(separator: ", "))\n" }
            switch c.extraction {
            case .extractable:
                out += "  extract: yes\n"
            case .dependsOnMonorepo(let targets) where c.dependents.isEmpty:
                out += "  extract: yes; the new package would depend on the monorepo for \(targets.joined(separator: ", "))\n"
            case .dependsOnMonorepo(let targets):
                out += "  extract: yes, but the new package and the monorepo would depend on each other (it needs \(targets.joined(separator: ", ")); \(c.dependents.joined(separator: ", ")) use it): a package cycle, which builds from tools version 6.0; extract \(targets.count == 1 ? "it" : "them") first to avoid it\n"
            case .blocked(let why):
                out += "  extract: no, \(why)\n"
            }
        }
        if graph.cycles.isEmpty {
            out += "\nno dependency cycles\n"
        } else {
            for cycle in graph.cycles { out += "\ncycle: \((cycle + [cycle[0]]).joined(separator: " → "))\n" }
        }
        return out
    }

    static func dot(_ graph: PackageGraph) -> String {
        func quoted(_ s: String) -> String {
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\"" + escaped + "\""
        }
        var out = "digraph \(quoted(graph.name)) {\n  rankdir=LR;\n"
        for c in graph.components {
            let style: String
            switch c.extraction {
            case .extractable: style = "color=darkgreen"
            case .dependsOnMonorepo: style = "color=orange"
            case .blocked: style = c.kind == "test" ? "color=gray, style=dashed" : "color=red"
            }
            out += "  \(quoted(c.name)) [label=\(quoted(c.name + "\n" + c.kind)), \(style)];\n"
        }
        for c in graph.components {
            for d in c.dependencies { out += "  \(quoted(c.name)) -> \(quoted(d));\n" }
        }
        out += "}\n"
        return out
    }
}
