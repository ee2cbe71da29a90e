using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vetting.Server.Security;
using Vetting.Server.Tests.Support;

namespace Vetting.Server.Tests.Security;

/// <summary>The operator rules (same origin, JSON, 1 MiB) skip exactly the endpoints of agent-protocol.md, found by their marker.</summary>
public sealed class AgentEndpointTests : IDisposable
{
    private readonly VettingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Exactly_the_agent_protocol_endpoints_carry_the_agent_marker()
    {
        _ = _app.CreateClient();
        var marked = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AgentEndpoint>() is not null)
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
        [
            "GET /api/v1/runs/{id}/next",
            "POST /api/v1/runs/{id}/heartbeat",
            "POST /api/v1/runs/{id}/hello",
            "POST /api/v1/runs/{id}/instructions/{instructionId}/result",
            "POST /api/v1/runs/{id}/log",
            "PUT /api/v1/runs/{id}/artifacts/{name}",
        ], marked);
    }
}
