using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vetting.Server.Http;

/// <summary>
/// Lists every <c>{name}</c> of an operation's route as a required path parameter. The agent handlers take their run
/// from the authenticated token rather than a bound <c>id</c>, so the generator would otherwise leave <c>{id}</c> out.
/// </summary>
internal static partial class OpenApiPathParameters
{
    public static OpenApiOptions AddPathParameters(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            foreach (Match match in RouteParameter().Matches(context.Description.RelativePath ?? ""))
            {
                var name = match.Groups["name"].Value;
                operation.Parameters ??= [];
                if (!operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name,
                        In = ParameterLocation.Path,
                        Required = true,
                        Schema = new OpenApiSchema { Type = match.Groups["int"].Success ? JsonSchemaType.Integer : JsonSchemaType.String },
                    });
                }
            }

            return Task.CompletedTask;
        });

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)(?<int>:int)?[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();
}
