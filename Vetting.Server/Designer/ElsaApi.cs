using Microsoft.AspNetCore.Http.HttpResults;
using Vetting.Server.Configuration;
using Vetting.Server.Http;

namespace Vetting.Server.Designer;

/// <summary>
/// The Elsa 3 REST subset Elsa Studio 3.8.2 calls, at <c>/elsa/api</c>, over the same stores as <c>/api/v1</c>
/// (../shared/design/elsa-studio-api.md). Same-origin, Host and body-size rules are the operator API's.
/// </summary>
public static class ElsaApi
{
    public const string Prefix = "/elsa/api";

    public static IEndpointRouteBuilder MapDesigner(this IEndpointRouteBuilder app)
    {
        var elsa = app.MapGroup(Prefix).WithTags("Elsa Studio").ExcludeFromDescription();
        elsa.MapElsaDefinitions();
        elsa.MapElsaDescriptors();
        elsa.MapElsaInstances();
        elsa.MapElsaExecutions();

        app.MapGet("/api/v1/designer", (DesignerOptions designer) => TypedResults.Ok(new DesignerDto(designer.Mode, ElsaDefinitionModel.ToolVersion, "/studio/", Prefix)))
            .WithTags("Workflows");
        return app;
    }

    /// <summary>403 for a change while <c>designer.mode</c> is <c>readonly</c>, naming the key; <paramref name="outcome"/> says what did not happen.</summary>
    internal static ProblemHttpResult ReadOnly(string outcome) => Problems.Validation(
        new Dictionary<string, string[]> { ["designer.mode"] = [$"the designer is read-only here (designer.mode: readonly in vetting.yaml); {outcome}"] },
        detail: "The designer is read-only (designer.mode: readonly).", title: "Read-only designer", statusCode: StatusCodes.Status403Forbidden);

    public static IServiceCollection AddDesigner(this IServiceCollection services, DesignerOptions designer) => services.AddSingleton(designer);
}

/// <summary>How the designer is set up: <c>edit</c> or <c>readonly</c>, the Studio release, and where Studio and its API live.</summary>
public sealed record DesignerDto(string Mode, string StudioVersion, string StudioPath, string ApiPath);
