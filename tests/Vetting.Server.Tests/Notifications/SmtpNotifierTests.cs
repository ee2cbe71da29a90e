using System.Globalization;
using System.Text;
using MailKit.Security;
using MimeKit;
using Vetting.Activities.Ports;
using Vetting.Server.Notifications;

namespace Vetting.Server.Tests.Notifications;

public sealed class SmtpNotifierTests
{
    [Fact]
    public async Task Mails_every_recipient_with_the_title_as_subject_and_the_link_in_the_body()
    {
        await using var smtp = new FakeSmtpServer();
        using var harness = Harness(smtp, ("to", "ops@lab.lan,\"Night, Shift\" <oncall@lab.lan>"));

        await harness.NotifyAsync(NotifierHarness.Sample(NotificationEvents.Held));

        var session = await smtp.NextSessionAsync();
        Assert.Equal("vetting@lab.lan", session.MailFrom);
        Assert.Equal(["ops@lab.lan", "oncall@lab.lan"], session.Recipients);
        Assert.Null(session.AuthPlain);
        Assert.Equal("QUIT", session.Commands[^1]);
        using var mail = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(session.Data!)));
        Assert.Equal("node-7: vetting failed at Storage", mail.Subject);
        Assert.Equal("\"Vetting\" <vetting@lab.lan>", mail.From.ToString());
        Assert.Equal(["ops@lab.lan", "oncall@lab.lan"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(NotifierHarness.Epoch, mail.Date);
        Assert.Equal(
            "Run 7 (standard) is FailedHolding.\nFailure: smart: reallocated sectors 12\n\nhttp://vetting.lan:8080/runs/7",
            mail.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(["Information: notify: smtp sent held for run 7"], harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task Logs_in_when_a_username_is_configured()
    {
        await using var smtp = new FakeSmtpServer(offerAuth: true);
        using var harness = Harness(smtp, ("username", "vetting"), ("password", "s3cret: yes"));

        await harness.NotifyAsync(NotifierHarness.Sample());

        var session = await smtp.NextSessionAsync();
        Assert.Equal("\0vetting\0s3cret: yes", session.AuthPlain);
        Assert.Equal(["ops@lab.lan"], session.Recipients);
    }

    [Fact]
    public async Task A_refused_recipient_is_logged_with_the_servers_reply_and_not_thrown()
    {
        await using var smtp = new FakeSmtpServer(rejectRecipient: "ops@lab.lan");
        using var harness = Harness(smtp);

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Null((await smtp.NextSessionAsync()).Data);
        var line = Assert.Single(harness.Logs.NotifyLines);
        Assert.StartsWith("Warning: notify: smtp failed for run 7: ", line, StringComparison.Ordinal);
        Assert.Contains("no such user", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insisting_on_starttls_never_sends_in_the_clear()
    {
        await using var smtp = new FakeSmtpServer();
        using var harness = Harness(smtp, ("starttls", "true"));

        await harness.NotifyAsync(NotifierHarness.Sample());

        var session = await smtp.NextSessionAsync();
        Assert.Null(session.MailFrom);
        Assert.Null(session.Data);
        var line = Assert.Single(harness.Logs.NotifyLines);
        Assert.StartsWith("Warning: notify: smtp failed for run 7: ", line, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 25, SecureSocketOptions.Auto)]
    [InlineData("true", null, 587, SecureSocketOptions.StartTls)]
    [InlineData("false", null, 25, SecureSocketOptions.None)]
    [InlineData("true", "2525", 2525, SecureSocketOptions.StartTls)]
    [InlineData(null, "465", 465, SecureSocketOptions.Auto)]
    public void Port_and_tls_follow_the_settings(string? startTls, string? port, int expectedPort, SecureSocketOptions expectedSecurity)
    {
        var settings = new List<(string, string)> { ("host", "smtp.lan"), ("from", "a@lab.lan"), ("to", "b@lab.lan") };
        if (startTls is not null)
        {
            settings.Add(("starttls", startTls));
        }

        if (port is not null)
        {
            settings.Add(("port", port));
        }

        using var harness = new NotifierHarness(NotifierHarness.Options("smtp", [.. settings]));
        var notifier = Assert.IsType<SmtpNotifier>(harness.Notifier);

        Assert.Equal(expectedPort, notifier.Port);
        Assert.Equal(expectedSecurity, notifier.Security);
    }

    private static NotifierHarness Harness(FakeSmtpServer smtp, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["host"] = "127.0.0.1",
            ["port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["from"] = "Vetting <vetting@lab.lan>",
            ["to"] = "ops@lab.lan",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new NotifierHarness(NotifierHarness.Options("smtp", [.. settings.Select(s => (s.Key, s.Value))]));
    }
}
