using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Hosts;

public sealed class HostsApiTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Registering_a_host_normalises_the_MAC_and_answers_201_with_Location()
    {
        var client = _app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name = "pve-3", mac = "AC-1F-6B-00-00-01", wolBroadcast = "10.77.0.255", expectedSpec = "cpu: { logical_cores: 4 }\n" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var host = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ac:1f:6b:00:00:01", host.GetProperty("mac").GetString());
        Assert.Equal($"/api/v1/hosts/{host.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/hosts");
        Assert.Equal("pve-3", Assert.Single(listed!).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("bad name!", "52:54:00:12:34:56", "10.77.0.255", "", "name")]
    [InlineData("ok", "52:54:00:12:34", "10.77.0.255", "", "mac")]
    [InlineData("ok", "52:54:00:12:34:56", "10.77.0", "", "wolBroadcast")]
    [InlineData("ok", "52:54:00:12:34:56", "fd77::1", "", "wolBroadcast")]
    [InlineData("ok", "52:54:00:12:34:56", "10.77.0.255", "cpu:\n  logical_corez: 4\n", "expectedSpec")]
    public async Task Bad_input_is_a_problem_naming_the_field_and_nothing_is_stored(string name, string mac, string broadcast, string spec, string field)
    {
        var client = _app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/hosts", new { name, mac, wolBroadcast = broadcast, expectedSpec = spec });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        if (field == "expectedSpec")
        {
            Assert.Contains("line 2", messages[0].GetString(), StringComparison.Ordinal);
            Assert.Contains("cpu.logical_corez", messages[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/hosts") ?? []);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem()
    {
        var client = _app.CreateClient();

        using var response = await client.PostAsync("/api/v1/hosts", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Duplicate_name_or_MAC_is_a_conflict()
    {
        var client = _app.CreateClient();
        await _app.CreateHostAsync(client, "node-1", "52:54:00:12:34:56");

        using var sameName = await client.PostAsJsonAsync("/api/v1/hosts", new { name = "node-1", mac = "52:54:00:00:00:09", wolBroadcast = "10.77.0.255", expectedSpec = "" });
        using var sameMac = await client.PostAsJsonAsync("/api/v1/hosts", new { name = "node-9", mac = "525400123456", wolBroadcast = "10.77.0.255", expectedSpec = "" });

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameMac.StatusCode);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/hosts") ?? []);
    }

    [Fact]
    public async Task A_second_active_run_and_deleting_a_host_with_an_active_run_are_conflicts()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);
        var runId = await VettingApp.StartRunAsync(client, hostId);

        using var second = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "quick" });
        using var delete = await client.DeleteAsync($"/api/v1/hosts/{hostId}");
        using var badProfile = await client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "forever" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badProfile.StatusCode);

        await client.PostAsync($"/api/v1/runs/{runId}/cancel", null);
        await VettingApp.WaitForStateAsync(client, runId, "Cancelled");
        using var deleted = await client.DeleteAsync($"/api/v1/hosts/{hostId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("node-1", (await VettingApp.GetRunAsync(client, runId)).GetProperty("hostName").GetString());
    }

    [Fact]
    public async Task A_cross_site_POST_is_refused_and_nothing_is_stored()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts")
        {
            Content = JsonContent.Create(new { name = "evil", mac = "52:54:00:00:00:66", wolBroadcast = "10.77.0.255", expectedSpec = "" }),
        };
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/hosts") ?? []);
    }

    [Fact]
    public async Task Updating_a_host_validates_like_creating_it()
    {
        var client = _app.CreateClient();
        var id = await _app.CreateHostAsync(client);

        using var bad = await client.PutAsJsonAsync($"/api/v1/hosts/{id}", new { name = "node-1", mac = "zz", wolBroadcast = "10.77.0.255", expectedSpec = "" });
        using var good = await client.PutAsJsonAsync($"/api/v1/hosts/{id}", new { name = "node-1b", mac = "52:54:00:12:34:57", wolBroadcast = "10.77.0.255", expectedSpec = "memory: { total_gib: 8 }\n" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("52:54:00:12:34:57", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/hosts/{id}")).GetProperty("mac").GetString());
    }

    [Fact]
    public async Task Simultaneous_start_requests_for_one_host_create_one_run()
    {
        var client = _app.CreateClient();
        var hostId = await _app.CreateHostAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostAsJsonAsync($"/api/v1/hosts/{hostId}/runs", new { profile = "quick" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/runs?hostId={hostId}") ?? []);
    }

    [Fact]
    public async Task Simultaneous_registrations_of_one_MAC_create_one_host()
    {
        var client = _app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostAsJsonAsync("/api/v1/hosts", new { name = $"n{i}", mac = "52:54:00:12:34:56", wolBroadcast = "10.77.0.255", expectedSpec = "" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/hosts") ?? []);
    }
}
