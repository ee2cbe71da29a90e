using Vetting.Workflows.Definitions;
using Vetting.Workflows.Runtime;
using Vetting.Workflows.Versioning;

namespace Vetting.Workflows.Tests;

public sealed class VersioningTests
{
    private static WorkflowDefinition Draft(string firstActivity = "a") =>
        new Flow("pipeline").Add(firstActivity, "Test.Wait", new { key = "k" }).Add("z", "Test.Step").Chain(firstActivity, "z").Build();

    [Fact]
    public async Task Saving_a_published_definition_creates_the_next_version_as_a_draft()
    {
        await using var host = new WorkflowHost();

        var v1 = await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft()));
        await host.WithDefinitions(async d => await d.PublishAsync("pipeline"));
        var v2 = await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("b")));
        var versions = await host.WithDefinitions(async d => await d.ListVersionsAsync("pipeline"));

        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal([(1, false, true), (2, true, false)], versions.Select(v => (v.Version, v.IsLatest, v.IsPublished)));
    }

    [Fact]
    public async Task Saving_a_draft_again_replaces_it_in_place()
    {
        await using var host = new WorkflowHost();

        var first = await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft()));
        var second = await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("b")));
        var versions = await host.WithDefinitions(async d => await d.ListVersionsAsync("pipeline"));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("b", Assert.Single(versions).Root.Activities[0].Id);
    }

    [Fact]
    public async Task Publishing_moves_the_published_flag_and_new_instances_use_it_while_running_ones_keep_theirs()
    {
        await using var host = new WorkflowHost();
        await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("a")));
        await host.WithDefinitions(async d => await d.PublishAsync("pipeline"));
        var old = await host.InScope(r => r.StartAsync("pipeline"));

        await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("b")));
        var published = await host.WithDefinitions(async d => await d.PublishAsync("pipeline"));
        var fresh = await host.InScope(r => r.StartAsync("pipeline"));
        var resumedOld = await host.InScope(r => r.ResumeBookmarkAsync(old.Id, old.Bookmarks[0].Id));

        Assert.Equal((1, 2, 2), (old.Version, published.Version, fresh.Version));
        Assert.Equal(WorkflowStatus.Finished, resumedOld.Instance!.Status);
        Assert.Equal(["a", "a:resumed", "z"], host.Trace.Of(old.Id));
        Assert.Equal(["b"], host.Trace.Of(fresh.Id));
        var versions = await host.WithDefinitions(async d => await d.ListVersionsAsync("pipeline"));
        Assert.Equal([false, true], versions.Select(v => v.IsPublished));
    }

    [Fact]
    public async Task The_published_version_is_found_while_a_newer_draft_exists_and_a_draft_alone_is_not_published()
    {
        await using var host = new WorkflowHost();
        await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("a")));
        var none = await host.WithDefinitions(async d => await d.FindPublishedAsync("pipeline"));
        await host.WithDefinitions(async d => await d.PublishAsync("pipeline"));
        await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft("b")));

        var published = await host.WithDefinitions(async d => await d.FindPublishedAsync("pipeline"));
        var other = await host.WithDefinitions(async d => await d.FindPublishedAsync("other"));

        Assert.Null(none);
        Assert.Null(other);
        Assert.Equal((1, true, false, "a"), (published!.Version, published.IsPublished, published.IsLatest, published.Root.Activities[0].Id));
    }

    [Fact]
    public async Task Publishing_an_unknown_definition_or_version_says_which()
    {
        await using var host = new WorkflowHost();
        await host.WithDefinitions(async d => await d.SaveDraftAsync(Draft()));

        var noDefinition = await Assert.ThrowsAsync<KeyNotFoundException>(() => host.WithDefinitions(async d => await d.PublishAsync("other")));
        var noVersion = await Assert.ThrowsAsync<KeyNotFoundException>(() => host.WithDefinitions(async d => await d.PublishAsync("pipeline", 7)));

        Assert.Contains("'other' does not exist", noDefinition.Message, StringComparison.Ordinal);
        Assert.Contains("has no version 7", noVersion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_adds_new_versions_skips_identical_files_and_names_a_changed_file()
    {
        await using var host = new WorkflowHost();
        var dir = Directory.CreateTempSubdirectory("wf-import-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "pipeline.json"), WorkflowJson.Serialize(Draft()));
            var first = await host.WithDefinitions(d => new DefinitionImporter(d).ImportDirectoryAsync(dir));
            var second = await host.WithDefinitions(d => new DefinitionImporter(d).ImportDirectoryAsync(dir));

            Assert.Equal(["pipeline v1 (pipeline.json)"], first.Added);
            Assert.Equal((0, 1), (second.Added.Count, second.Skipped.Count));
            var stored = await host.WithDefinitions(async d => await d.FindPublishedAsync("pipeline"));
            Assert.Equal(1, stored!.Version);

            await File.WriteAllTextAsync(Path.Combine(dir, "pipeline.json"), WorkflowJson.Serialize(Draft("changed")));
            var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(() => host.WithDefinitions(d => new DefinitionImporter(d).ImportDirectoryAsync(dir)));
            Assert.Contains("pipeline.json", error.Message, StringComparison.Ordinal);
            Assert.Contains("version 1 is already stored with different content", error.Message, StringComparison.Ordinal);

            var bumped = Draft("changed");
            bumped.Version = 2;
            await File.WriteAllTextAsync(Path.Combine(dir, "pipeline.json"), WorkflowJson.Serialize(bumped));
            var third = await host.WithDefinitions(d => new DefinitionImporter(d).ImportDirectoryAsync(dir));
            Assert.Equal(["pipeline v2 (pipeline.json)"], third.Added);
            var versions = await host.WithDefinitions(async d => await d.ListVersionsAsync("pipeline"));
            Assert.Equal([(1, false, false), (2, true, true)], versions.Select(v => (v.Version, v.IsLatest, v.IsPublished)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Import_refuses_an_invalid_file_naming_it()
    {
        await using var host = new WorkflowHost();
        var dir = Directory.CreateTempSubdirectory("wf-import-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "bad.json"), WorkflowJson.Serialize(new Flow("bad").Add("x", "Nope").Build()));

            var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(() => host.WithDefinitions(d => new DefinitionImporter(d).ImportDirectoryAsync(dir)));

            Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
            Assert.Contains("unknown type 'Nope'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
