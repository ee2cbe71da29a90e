using System.CommandLine;
using System.Text.Json.Nodes;

namespace Vetting.Server.Cli;

/// <summary><c>vetting workflows list|export|import|publish</c>.</summary>
public static class WorkflowsCommands
{
    public static Command Build()
    {
        var workflows = new Command("workflows", "Workflow definitions (the pipeline), versioned");
        var definition = new Argument<string>("definition") { Description = "Definition id, e.g. vetting" };
        var version = new Option<int?>("--version") { Description = "A given version (default: the latest, or the latest draft to publish)" };

        var list = new Command("list", "The latest version of each definition");
        list.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var all = await api.GetJsonAsync("/api/v1/workflow-definitions", ct);
            return CliOutput.Show(result, all, () =>
            {
                CliOutput.Table(["DEFINITION", "VERSION", "PUBLISHED", "PROFILES", "NAME"], all!.AsArray().Select(d => (IReadOnlyList<string?>)
                [
                    CliOutput.Text(d, "definitionId"), CliOutput.Text(d, "version"), CliOutput.Text(d, "isPublished"),
                    string.Join(",", d?["profiles"]?.AsArray().Select(p => p?.GetValue<string>()) ?? []), CliOutput.Text(d, "name"),
                ]));
            });
        });

        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "A definition's JSON (Elsa 3 format)") { definition, version, output };
        export.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var query = result.GetValue(version) is { } v ? $"?version={v}" : "";
            var json = await api.GetTextAsync($"/api/v1/workflow-definitions/{Uri.EscapeDataString(result.GetValue(definition)!)}{query}", ct);
            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, json, ct);
                Console.Out.WriteLine($"written to {path}");
            }
            else
            {
                Console.Out.WriteLine(json);
            }

            return CliExit.Ok;
        });

        var file = new Argument<string>("file") { Description = "A definition JSON file, or - for standard input" };
        var import = new Command("import", "Save a definition as a draft (a new version when the latest is published)") { file };
        import.SetAction(async (result, ct) =>
        {
            var source = result.GetValue(file)!;
            var json = source == "-" ? await Console.In.ReadToEndAsync(ct)
                : File.Exists(source) ? await File.ReadAllTextAsync(source, ct)
                : throw new CliException(CliExit.Usage, $"no file '{source}'");
            using var api = VettingCli.Client(result);
            var saved = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/workflow-definitions", json, ct);
            CliOutput.Print(result, saved, $"saved '{CliOutput.Text(saved, "definitionId")}' v{CliOutput.Text(saved, "version")} as a draft; publish it with: vetting workflows publish {CliOutput.Text(saved, "definitionId")} --version {CliOutput.Text(saved, "version")}");
            return CliExit.Ok;
        });

        var publish = new Command("publish", "New runs use this version; running ones keep theirs") { definition, version };
        publish.SetAction(async (result, ct) =>
        {
            using var api = VettingCli.Client(result);
            var query = result.GetValue(version) is { } v ? $"?version={v}" : "";
            var published = await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/workflow-definitions/{Uri.EscapeDataString(result.GetValue(definition)!)}/publish{query}", null, ct);
            CliOutput.Print(result, published, $"'{CliOutput.Text(published, "definitionId")}' v{CliOutput.Text(published, "version")} is published");
            return CliExit.Ok;
        });

        workflows.Add(list);
        workflows.Add(export);
        workflows.Add(import);
        workflows.Add(publish);
        return workflows;
    }
}
