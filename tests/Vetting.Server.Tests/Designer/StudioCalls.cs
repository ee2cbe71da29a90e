namespace Vetting.Server.Tests.Designer;

/// <summary>
/// The calls Elsa Studio 3.8.2 made to /elsa/api when Chromium opened the definition list, the editor of `vetting`,
/// the instance list and the viewer of a suspended run (recorded on this machine; ids replaced by placeholders).
/// The contract tests replay them against a real server and check the shapes Studio reads.
/// </summary>
internal static class StudioCalls
{
    public static readonly string[] Gets =
    [
        "/elsa/api/features/installed",
        "/elsa/api/descriptors/activities?Refresh=True",
        "/elsa/api/descriptors/expression-descriptors",
        "/elsa/api/descriptors/workflow-activation-strategies",
        "/elsa/api/descriptors/incident-strategies",
        "/elsa/api/descriptors/log-persistence-strategies",
        "/elsa/api/descriptors/commit-strategies/workflows",
        "/elsa/api/descriptors/storage-drivers",
        "/elsa/api/descriptors/variables",
        "/elsa/api/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending",
        "/elsa/api/workflow-definitions?versionOptions=Published",
        "/elsa/api/workflow-definitions?versionOptions=LatestOrPublished",
        "/elsa/api/workflow-definitions?versionOptions=Published&DefinitionIds=vetting",
        "/elsa/api/workflow-definitions?versionOptions=&Ids={versionId}",
        "/elsa/api/workflow-definitions/by-definition-id/vetting?versionOptions=Latest",
        "/elsa/api/workflow-definitions/by-id/{versionId}",
        "/elsa/api/workflow-definitions/validation/is-name-unique?name=Vetting",
        "/elsa/api/workflow-instances/{instanceId}",
        "/elsa/api/workflow-instances/{instanceId}/execution-state",
        "/elsa/api/workflow-instances/{instanceId}/variables",
        "/elsa/api/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId=flowchart:wake",
        "/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={instanceId}&ActivityNodeId=flowchart:wake",
        "/elsa/api/activity-executions/by-id?id={instanceId}%3Aflowchart",
    ];

    public const string InstanceList = """
        {"page":0,"pageSize":10,"searchTerm":"","definitionId":null,"definitionIds":[],"correlationId":null,"version":null,"hasIncidents":null,
         "isSystem":false,"status":null,"statuses":[],"subStatus":null,"subStatuses":[],"orderBy":null,"orderDirection":"Descending","timestampFilters":[]}
        """;

    public const string Journal = """
        {"filter":{"activityIds":null,"activityNodeIds":["flowchart:wake","flowchart:awaitBoot","flowchart:awaitHello","flowchart:inventory"],
         "excludedActivityTypes":["Elsa.Workflow","Elsa.Flowchart"],"eventNames":null}}
        """;

    public const string Report = """
        {"workflowInstanceId":"{instanceId}","activityNodeIds":["flowchart:wake","flowchart:awaitBoot","flowchart:awaitHello","flowchart:inventory","flowchart:cpu"]}
        """;
}
