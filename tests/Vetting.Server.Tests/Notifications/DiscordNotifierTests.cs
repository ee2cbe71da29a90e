using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vetting.Activities.Ports;

namespace Vetting.Server.Tests.Notifications;

public sealed class DiscordNotifierTests
{
    [Fact]
    public async Task Posts_the_title_and_an_embed_coloured_by_the_event()
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample(NotificationEvents.Held));

        var request = Assert.Single(discord.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/webhooks/1/abc", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.StartsWith("vetting/", request.Header("User-Agent"), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("node-7: vetting failed at Storage", root.GetProperty("content").GetString());
        Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embed = Assert.Single(root.GetProperty("embeds").EnumerateArray());
        Assert.Equal("Run 7", embed.GetProperty("title").GetString());
        Assert.Equal("Run 7 (standard) is FailedHolding.\nFailure: smart: reallocated sectors 12", embed.GetProperty("description").GetString());
        Assert.Equal("http://vetting.lan:8080/runs/7", embed.GetProperty("url").GetString());
        Assert.Equal(0xE67E22, embed.GetProperty("color").GetInt32());
        Assert.Equal(NotifierHarness.Epoch, embed.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(
            [("Host", "node-7", true), ("Result", "held", true)],
            embed.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString(), f.GetProperty("inline").GetBoolean())));
        Assert.Equal(["Information: notify: discord sent held for run 7"], harness.Logs.NotifyLines);
    }

    [Theory]
    [InlineData(NotificationEvents.Passed, 0x2ECC71)]
    [InlineData(NotificationEvents.Failed, 0xE74C3C)]
    [InlineData(NotificationEvents.Cancelled, 0x95A5A6)]
    public async Task Each_event_has_its_colour(string @event, int colour)
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample(@event));

        using var json = JsonDocument.Parse(Assert.Single(discord.Requests).Body);
        Assert.Equal(colour, json.RootElement.GetProperty("embeds")[0].GetProperty("color").GetInt32());
    }

    [Fact]
    public async Task Without_a_link_the_embed_has_no_url()
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample(link: null));

        using var json = JsonDocument.Parse(Assert.Single(discord.Requests).Body);
        Assert.False(json.RootElement.GetProperty("embeds")[0].TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Long_texts_are_cut_to_discords_limits_without_splitting_a_character()
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = Harness(discord);
        // Emoji are two UTF-16 units each, so a plain cut before the ellipsis (at an odd length) would halve one.
        var notification = NotifierHarness.Sample() with
        {
            Title = string.Concat(Enumerable.Repeat("💥", 1500)),
            Message = string.Concat(Enumerable.Repeat("🔥", 3000)),
        };

        await harness.NotifyAsync(notification);

        using var json = JsonDocument.Parse(Assert.Single(discord.Requests).Body);
        var content = json.RootElement.GetProperty("content").GetString()!;
        var description = json.RootElement.GetProperty("embeds")[0].GetProperty("description").GetString()!;
        Assert.InRange(content.Length, 1990, 2000);
        Assert.InRange(description.Length, 4086, 4096);
        Assert.EndsWith("💥…", content, StringComparison.Ordinal);
        Assert.EndsWith("🔥…", description, StringComparison.Ordinal);
        Assert.True(IsWellFormed(content) && IsWellFormed(description), "a surrogate pair was split");
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("3.5", 3500)] // fractional, as Discord sends it; a parser that fell back to 1 s would retry too early
    public async Task A_rate_limit_is_waited_out_once(string retryAfter, int waitMs)
    {
        await using var discord = await CaptureServer.StartAsync();
        using var harness = Harness(discord);
        discord.Clock = harness.Clock;
        discord.Respond = (context, attempt) => attempt == 1 ? RateLimited(context, retryAfter) : NoContent(context);

        var sending = harness.NotifyAsync(NotifierHarness.Sample());
        await discord.NextAsync();
        // The notifier waits out Retry-After on the clock: once that wait has begun, a moment less is not enough, and
        // the rest of it lets the retry go.
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(waitMs));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(waitMs - 1));
        Assert.Single(discord.Requests);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await sending.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, discord.Requests.Count);
        Assert.True(discord.Requests[1].At - discord.Requests[0].At >= TimeSpan.FromMilliseconds(waitMs), "retried before Retry-After");
        Assert.Equal(discord.Requests[0].Body, discord.Requests[1].Body);
        Assert.Equal(["Information: notify: discord sent failed for run 7"], harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task A_second_rate_limit_gives_up_and_says_so()
    {
        await using var discord = await CaptureServer.StartAsync();
        discord.Respond = (context, _) => RateLimited(context, "0");
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Equal(2, discord.Requests.Count);
        Assert.Equal(["Warning: notify: discord failed for run 7: still rate limited by Discord after one retry"], harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_timeout_is_not_waited_for()
    {
        await using var discord = await CaptureServer.StartAsync();
        discord.Respond = (context, _) => RateLimited(context, "60");
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Single(discord.Requests);
        Assert.Equal(["Warning: notify: discord failed for run 7: rate limited by Discord for 60 s"], harness.Logs.NotifyLines);
    }

    [Fact]
    public async Task A_server_error_is_logged_not_thrown()
    {
        await using var discord = await CaptureServer.StartAsync();
        discord.Respond = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        using var harness = Harness(discord);

        await harness.NotifyAsync(NotifierHarness.Sample());

        Assert.Single(discord.Requests);
        Assert.Equal(["Warning: notify: discord failed for run 7: HTTP 500 Internal Server Error"], harness.Logs.NotifyLines);
    }

    private static NotifierHarness Harness(CaptureServer discord) =>
        new(NotifierHarness.Options("discord", ("webhook_url", discord.Url("/api/webhooks/1/abc"))));

    private static Task RateLimited(HttpContext context, string retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter;
        return context.Response.WriteAsync($$"""{"message":"You are being rate limited.","retry_after":{{retryAfter}},"global":false}""");
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static bool IsWellFormed(string text) => System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
}
