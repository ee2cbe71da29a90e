using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vetting.Server.Http;

/// <summary>
/// Lists every <c>{name}</c> of an operation's route as a required path parameter. The agent handlers take their run
/// from the authenticated token rather than a bound <c>id</c>, so the generator would otherwise leave <c>{id}</c> out.
/// Also writes the request bodies that endpoints declare with <see cref="OpenApiMetadata.DocumentsBody{T}"/>.
/// </summary>
internal static partial class OpenApiPathParameters
{
    public static OpenApiOptions AddPathParameters(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, cancellationToken) =>
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

            return DocumentBodyAsync(operation, context, cancellationToken);
        });

    private static async Task DocumentBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().FirstOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = body.Required,
            Content = new Dictionary<string, OpenApiMediaType> { [body.ContentType] = new() { Schema = schema } },
        };
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)(?<int>:int)?[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();
}
