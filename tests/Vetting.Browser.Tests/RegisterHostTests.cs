using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vetting.Browser.Tests;

/// <summary>Registering a host through the form, as the runbook's step 2 does.</summary>
public sealed class RegisterHostTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task A_new_user_registers_a_host_and_a_YAML_error_is_shown_at_its_line()
    {
        // Chromium logs every 4xx response; the refused registration below is one on purpose.
        ExpectedProblems.Add("the server responded with a status of 400");
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "No hosts yet" })).ToBeVisibleAsync();
        await ScreenshotAsync("dashboard-empty");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Register your first host" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Register a host" })).ToBeVisibleAsync();
        var editor = Page.GetByRole(AriaRole.Textbox, new() { Name = "Expected spec (YAML)" });
        await Expect(editor).ToContainTextAsync("total_gib: 4");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("qemu-test");
        await Page.GetByLabel("MAC address").FillAsync("52-54-00-12-34-56");
        await Page.GetByLabel("Wake-on-LAN broadcast IP").FillAsync("10.77.0.255");
        await ReplaceSpecAsync(editor, "memory: { total_gib: 4 }\ncpu:\n  logical_corez: 4\n");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register host" }).ClickAsync();

        var specError = Page.Locator("[data-testid=expectedSpec-error] li[data-line='3']");
        await Expect(specError).ToContainTextAsync("Line 3: cpu.logical_corez: unknown key");
        await Expect(Page.Locator(".cm-lintRange-error, .cm-lint-marker-error").First).ToBeVisibleAsync();
        await ScreenshotAsync("host-form-error");

        await ReplaceSpecAsync(editor, "memory: { total_gib: 4 }\ncpu: { logical_cores: 4 }\n");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register host" }).ClickAsync();

        var tile = Tile("qemu-test");
        await Expect(tile).ToBeVisibleAsync();
        await Expect(tile).ToContainTextAsync("52:54:00:12:34:56");
        await ExpectStateAsync(tile, "None");
        await Expect(tile.GetByRole(AriaRole.Button, new() { Name = "Start Vetting" })).ToBeVisibleAsync();
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Field_errors_from_the_server_appear_next_to_their_field()
    {
        ExpectedProblems.Add("the server responded with a status of 400");
        await Page.GotoAsync("/hosts/new");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("bad name");
        await Page.GetByLabel("MAC address").FillAsync("not-a-mac");
        await Page.GetByLabel("Wake-on-LAN broadcast IP").FillAsync("10.77.0");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register host" }).ClickAsync();

        await Expect(Page.Locator("[data-testid=name-error]")).ToContainTextAsync("is not a valid name");
        await Expect(Page.Locator("[data-testid=mac-error]")).ToContainTextAsync("is not a MAC address");
        await Expect(Page.Locator("[data-testid=wolBroadcast-error]")).ToContainTextAsync("is not an IPv4 address");
        await Expect(Page.GetByLabel("MAC address")).ToHaveAttributeAsync("aria-invalid", "true");
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Editing_a_host_saves_it_and_the_host_page_shows_the_change()
    {
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "node-e", mac: "52:54:00:00:00:0e");
        await Page.GotoAsync($"/hosts/{hostId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit host" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Edit node-e" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Textbox, new() { Name = "Expected spec (YAML)" })).ToContainTextAsync("total_gib: 4");
        await Page.GetByLabel("Wake-on-LAN broadcast IP").FillAsync("10.77.0.255");
        await Page.GetByLabel("MAC address").FillAsync("525400AABBCC");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "node-e" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".facts")).ToContainTextAsync("10.77.0.255");
        await Expect(Page.Locator(".facts")).ToContainTextAsync("52:54:00:aa:bb:cc");
        AssertNoConsoleProblems();
    }

    [Fact]
    public async Task Delete_is_refused_while_a_run_is_active_and_says_why_then_works_once_it_ended()
    {
        ExpectedProblems.Add("the server responded with a status of 409");
        var hostId = await Server.App.CreateHostAsync(Server.Client, name: "node-del", mac: "52:54:00:00:00:0d");
        var runId = await Vetting.Server.Tests.Support.VettingApp.StartRunAsync(Server.Client, hostId);
        await Page.GotoAsync($"/hosts/{hostId}/edit");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete host" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Its run history and reports are kept");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete the host" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync($"has an active run ({runId}");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        using (var cancelled = await Server.Client.PostAsync($"/api/v1/runs/{runId}/cancel", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            cancelled.EnsureSuccessStatusCode();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete host" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete the host" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "No hosts yet" })).ToBeVisibleAsync();
        AssertNoConsoleProblems();
    }

    private async Task ReplaceSpecAsync(ILocator editor, string text)
    {
        await editor.ClickAsync();
        await Page.Keyboard.PressAsync("Control+A");
        await Page.Keyboard.PressAsync("Delete");
        // Typed line by line: CodeMirror keeps the indentation of the previous line on Enter, so leading spaces are dropped first.
        var lines = text.TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                await Page.Keyboard.PressAsync("Enter");
                await Page.Keyboard.PressAsync("Shift+Home");
                await Page.Keyboard.PressAsync("Delete");
            }
            await Page.Keyboard.InsertTextAsync(lines[i]);
        }
        await Expect(editor).ToContainTextAsync(lines[^1].Trim());
    }
}
