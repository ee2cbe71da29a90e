namespace Vetting.Server.Notifications;

/// <summary>The HTTP side shared by the ntfy and Discord notifiers.</summary>
internal static class NotifierHttp
{
    /// <summary>The named <see cref="IHttpClientFactory"/> client both use.</summary>
    public const string ClientName = "notifiers";

    private const int MaxReasonLength = 200;

    /// <summary>
    /// Throws for a non-success status with the start of the response body, because both services explain
    /// refusals there (ntfy: <c>{"error":"unauthorized"}</c>, Discord: <c>{"message":"Invalid Webhook Token"}</c>).
    /// </summary>
    public static async Task EnsureDeliveredAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).ReplaceLineEndings(" ").Trim();
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var message = body.Length == 0 ? status : $"{status}: {TextLimit.Truncate(body, MaxReasonLength)}";
        throw new HttpRequestException(message, null, response.StatusCode);
    }
}
