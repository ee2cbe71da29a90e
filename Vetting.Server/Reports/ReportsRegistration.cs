namespace Vetting.Server.Reports;

public static class ReportsRegistration
{
    /// <summary>report.json and report.html, written atomically beside the run's artifacts.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportWriter>();
        services.AddScoped<RunReports>();
        return services;
    }
}
