namespace Vetting.Server.Http;

public static class ProblemDetailsSetup
{
    /// <summary>Problem details for every error the framework produces; pair with <see cref="UseVettingProblemDetails"/>.</summary>
    public static IServiceCollection AddVettingProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Outside Development, minimal APIs answer a malformed body with a bare 400 and log the reason at Debug;
        // throwing lets BadRequestExceptionHandler tell the client what was wrong.
        services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Exceptions become a 500 problem without message or stack trace (the exception is logged), and bodiless
    /// 4xx/5xx such as unmatched routes (404) or methods (405) get a problem body. Call it first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseVettingProblemDetails(this IApplicationBuilder app) =>
        app.UseExceptionHandler().UseStatusCodePages();
}
