using System.Text;
using Microsoft.AspNetCore.Http;
using MimeKit.Utils;
using Vetting.Activities.Ports;

namespace Vetting.Server.Tests.Notifications;

public sealed class NtfyNotifierTests
{
    [Fact]
    public async Task Publishes_the_message_to_the_topic_with_ntfy_headers()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        await harness.NotifyAsync(NotifierHarness.Sample());

        var request = Assert.Single(ntfy.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/rack-4", request.Path);
        Assert.Equal("Run 7 (standard) is FailedHolding.\nFailure: smart: reallocated sectors 12", request.Body);
        Assert.Equal("text/plain; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal("node-7: vetting failed at Storage", request.Header("Title"));
        Assert.Equal("x", request.Header("Tags"));
        Assert.Equal("high", request.Header("Priority"));
        Assert.Equal("http://vetting.lan:8080/runs/7", request.Header("Click"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(["Information: notify: ntfy sent failed for run 7"], harness.Logs.NotifyLines);
    }

    [Theory]
    [InlineData(NotificationEvents.Passed, "white_check_mark", "default")]
    [InlineData(NotificationEvents.Failed, "x", "high")]
    [InlineData(NotificationEvents.Held, "warning", "high")]
    [InlineData(NotificationEvents.Cancelled, "no_entry", "default")]
    public async Task Tag_and_priority_follow_the_event(string @event, string tag, string priority)
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        await harness.NotifyAsync(NotifierHarness.Sample(@event));

        var request = Assert.Single(ntfy.Requests);
        Assert.Equal(tag, request.Header("Tags"));
        Assert.Equal(priority, request.Header("Priority"));
    }

    [Fact]
    public async Task A_token_is_sent_as_a_bearer_credential()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4")), ("token", "tk_secret")));

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Equal("Bearer tk_secret", Assert.Single(ntfy.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Without_a_link_there_is_no_click_action()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        await harness.NotifyAsync(NotifierHarness.Sample(link: null));

        Assert.Null(Assert.Single(ntfy.Requests).Header("Click"));
    }

    [Fact]
    public async Task A_non_ascii_title_survives_as_an_encoded_word()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        await harness.NotifyAsync(NotifierHarness.Sample() with { Title = "knoten-ü: vetting failed — ⚠ Storage\nsecond line" });

        var title = Assert.Single(ntfy.Requests).Header("Title")!;
        Assert.StartsWith("=?UTF-8?B?", title, StringComparison.Ordinal);
        Assert.Equal("knoten-ü: vetting failed — ⚠ Storage second line", Rfc2047.DecodeText(Encoding.ASCII.GetBytes(title)));
    }

    [Fact]
    public async Task A_refusal_is_logged_with_the_servers_reason_and_not_thrown()
    {
        await using var ntfy = await CaptureServer.StartAsync();
        ntfy.Respond = async (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("""{"code":40301,"http":403,"error":"forbidden"}""");
        };
        using var harness = new NotifierHarness(NotifierHarness.Options("ntfy", ("url", ntfy.Url("/rack-4"))));

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Equal(
            ["Warning: notify: ntfy failed for run 7: HTTP 403 Forbidden: {\"code\":40301,\"http\":403,\"error\":\"forbidden\"}"],
            harness.Logs.NotifyLines);
    }
}
