using Microsoft.Extensions.DependencyInjection;
using Vetting.Activities.Ports;
using Vetting.Server.Notifications;
using Vetting.Server.Tests.Configuration;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Notifications;

public sealed class NotifierRegistrationTests
{
    [Fact]
    public void Each_configured_entry_becomes_a_notifier_after_the_log()
    {
        var config = ConfigTesting.Load("""
            notifiers:
              - type: ntfy
                url: https://ntfy.sh/rack-4
              - type: discord
                webhook_url: https://discord.com/api/webhooks/1/abc
                events: [failed]
              - type: smtp
                host: smtp.lan
                from: vetting@lab.lan
                to: ops@lab.lan
            """);
        using var harness = new NotifierHarness([.. config.Notifiers]);

        var notifiers = harness.All;

        Assert.Equal(["log", "ntfy", "discord", "smtp"], notifiers.Select(n => n.Name));
        Assert.Equal([typeof(LogNotifier), typeof(NtfyNotifier), typeof(DiscordNotifier), typeof(SmtpNotifier)], notifiers.Select(n => n.GetType()));
        var discord = Assert.IsType<DiscordNotifier>(notifiers[2]);
        Assert.True(discord.Wants(NotificationEvents.Failed));
        Assert.False(discord.Wants(NotificationEvents.Passed));
    }

    [Fact]
    public void Two_entries_of_one_type_are_told_apart_by_their_place_in_the_list()
    {
        using var harness = new NotifierHarness(
            NotifierHarness.Options("ntfy", ("url", "https://ntfy.sh/rack-4")),
            NotifierHarness.Options("discord", ("webhook_url", "https://discord.com/api/webhooks/1/abc")),
            NotifierHarness.Options("ntfy", ("url", "https://ntfy.lan/ops")));

        Assert.Equal(["log", "ntfy (notifiers[0])", "discord", "ntfy (notifiers[2])"], harness.All.Select(n => n.Name));
    }

    [Fact]
    public void With_no_notifiers_configured_only_the_log_remains()
    {
        using var harness = new NotifierHarness();

        Assert.IsType<LogNotifier>(Assert.Single(harness.All));
    }

    [Fact]
    public async Task The_server_delivers_to_the_notifiers_in_its_config_file()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        await using var app = new VettingApp(extraYaml: $"""
            notifiers:
              - type: ntfy
                url: {ntfy.Url("/rack-4")}
            """);

        Assert.Equal(["log", "ntfy"], app.Services.GetServices<INotifier>().Select(n => n.Name));
        // As a step or an operator action does it: queued in a unit of work, sent once that committed.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sample = NotifierHarness.Sample();
            var db = scope.ServiceProvider.GetRequiredService<Vetting.Server.Data.VettingDbContext>();
            var hostId = await app.CreateHostAsync(app.CreateClient());
            var runId = await VettingApp.StartRunAsync(app.CreateClient(), hostId);
            await scope.ServiceProvider.GetRequiredService<NotificationOutbox>().EnqueueAsync(sample with { RunId = runId }, "test", TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            app.Service<NotificationDeliveryService>().Wake();
        }

        Assert.Equal("node-7: vetting failed at Storage", (await ntfy.NextAsync()).Header("Title"));
    }
}
