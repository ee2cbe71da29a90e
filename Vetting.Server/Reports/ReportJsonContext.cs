using System.Text.Json;
using System.Text.Json.Serialization;
using Vetting.Protocol;

namespace Vetting.Server.Reports;

/// <summary>
/// Serializer for report.json: camelCase like the operator API, indented because people open the file,
/// nulls written because the inventory contract uses null for "unknown". Timestamps are UTC with a
/// <c>Z</c> like the agent protocol's. Named floating-point literals are allowed so that one NaN
/// measurement cannot cost the operator the whole report.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
