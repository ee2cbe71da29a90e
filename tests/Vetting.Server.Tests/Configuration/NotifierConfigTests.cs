namespace Vetting.Server.Tests.Configuration;

public sealed class NotifierConfigTests
{
    [Fact]
    public void Each_type_keeps_its_settings_as_strings()
    {
        var config = ConfigTesting.Load("""
            notifiers:
              - type: ntfy
                url: https://ntfy.sh/rack-4
              - type: ntfy
                url: https://ntfy.lan/rack-4
                token: tk_abc
              - type: discord
                webhook_url: https://discord.com/api/webhooks/1/abc
                events: [failed, held]
              - type: smtp
                host: smtp.lan
                port: 2525
                starttls: False
                username: vetting
                password: "s3cret: yes"
                from: Vetting <vetting@lab.lan>
                to: [ops@lab.lan, oncall@lab.lan]
            """);

        Assert.Collection(
            config.Notifiers,
            ntfy =>
            {
                Assert.Equal("ntfy", ntfy.Type);
                Assert.Equal(new Dictionary<string, string> { ["url"] = "https://ntfy.sh/rack-4" }, ntfy.Settings);
            },
            protectedNtfy => Assert.Equal(
                new Dictionary<string, string> { ["url"] = "https://ntfy.lan/rack-4", ["token"] = "tk_abc" },
                protectedNtfy.Settings),
            discord =>
            {
                Assert.Equal("discord", discord.Type);
                Assert.Equal("https://discord.com/api/webhooks/1/abc", discord.Settings["webhook_url"]);
                Assert.Equal("failed,held", discord.Settings["events"]);
            },
            smtp =>
            {
                Assert.Equal("smtp", smtp.Type);
                Assert.Equal(
                    new Dictionary<string, string>
                    {
                        ["host"] = "smtp.lan",
                        ["port"] = "2525",
                        ["starttls"] = "false",
                        ["username"] = "vetting",
                        ["password"] = "s3cret: yes",
                        ["from"] = "Vetting <vetting@lab.lan>",
                        ["to"] = "ops@lab.lan,oncall@lab.lan",
                    },
                    smtp.Settings);
            });
    }

    [Theory]
    [InlineData("- url: https://ntfy.sh/x", "line 2: notifiers[0].type: required (ntfy, discord or smtp)")]
    [InlineData("- type: slack", "line 2: notifiers[0].type: must be ntfy, discord or smtp, got \"slack\"")]
    [InlineData("- type: ntfy", "line 2: notifiers[0].url: required for a ntfy notifier")]
    [InlineData("- type: ntfy\n    url:", "line 2: notifiers[0].url: required for a ntfy notifier")]
    [InlineData("- type: ntfy\n    url: https://ntfy.sh/", "line 3: notifiers[0].url: \"https://ntfy.sh/\" has no topic; use the topic URL (e.g. https://ntfy.sh/my-vetting)")]
    [InlineData("- type: ntfy\n    url: ntfy.sh/x", "line 3: notifiers[0].url: \"ntfy.sh/x\" is not an absolute http(s) URL (e.g. http://vetting.lan:8080)")]
    [InlineData("- type: ntfy\n    url: https://ntfy.sh/x\n    topic: abc", "line 4: notifiers[0].topic: unknown key for a ntfy notifier (it takes url, token or events)")]
    [InlineData("- type: discord\n    webhook_url: https://d/x\n    channel: ops", "line 4: notifiers[0].channel: unknown key for a discord notifier (it takes webhook_url or events)")]
    [InlineData("- type: discord\n    webhook_url: https://d/x\n    events: [failed, fail]", "line 4: notifiers[0].events: \"fail\" is not an event (passed, failed, held or cancelled)")]
    [InlineData("- type: discord\n    webhook_url: https://d/x\n    events: []", "line 4: notifiers[0].events: list at least one event (passed, failed, held or cancelled), or remove the notifier")]
    [InlineData("- type: smtp\n    host: smtp.lan\n    from: a@b.c\n    to: ops", "line 5: notifiers[0].to: \"ops\" is not an email address")]
    [InlineData("- type: smtp\n    host: smtp.lan\n    from: a@b.c\n    to: []", "line 2: notifiers[0].to: required for a smtp notifier")]
    [InlineData("- type: smtp\n    host: smtp.lan\n    from: a@b.c\n    to: a@b.c\n    port: 0", "line 6: notifiers[0].port: must be 1-65535, got 0")]
    [InlineData("- type: smtp\n    host: smtp.lan\n    from: a@b.c\n    to: a@b.c\n    starttls: maybe", "line 6: notifiers[0].starttls: \"maybe\" is not true or false")]
    [InlineData("- ntfy", "line 2: notifiers[0]: expected a mapping with a type, got \"ntfy\"")]
    public void Notifier_problems_name_the_entry_key_and_line(string entries, string message)
    {
        Assert.Equal("vetting.yaml " + message, ConfigTesting.Refusal("notifiers:\n  " + entries));
    }

    [Fact]
    public void An_smtp_entry_lists_all_missing_keys()
    {
        Assert.Equal(
            [
                "vetting.yaml line 3: notifiers[1].host: required for a smtp notifier",
                "vetting.yaml line 3: notifiers[1].from: required for a smtp notifier",
                "vetting.yaml line 3: notifiers[1].to: required for a smtp notifier",
            ],
            ConfigTesting.Refusal("notifiers:\n  - { type: ntfy, url: 'https://ntfy.sh/x' }\n  - type: smtp\n").Split(Environment.NewLine));
    }

    [Fact]
    public void A_misspelt_required_key_is_reported_both_as_unknown_and_as_missing()
    {
        Assert.Equal(
            [
                "vetting.yaml line 3: notifiers[0].webhook: unknown key for a discord notifier (it takes webhook_url or events)",
                "vetting.yaml line 2: notifiers[0].webhook_url: required for a discord notifier",
            ],
            ConfigTesting.Refusal("notifiers:\n  - type: discord\n    webhook: https://d/x").Split(Environment.NewLine));
    }

    [Fact]
    public void Notifiers_must_be_a_list()
    {
        Assert.Equal(
            "vetting.yaml line 1: notifiers: expected a list of notifiers (- type: ntfy, ...), got a mapping",
            ConfigTesting.Refusal("notifiers: { type: ntfy }"));
    }
}
