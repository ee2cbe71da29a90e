using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Vetting.Server.Tests.Notifications;

/// <summary>What one SMTP client did in one connection.</summary>
internal sealed class SmtpSession
{
    public List<string> Commands { get; } = [];
    public string? MailFrom { get; set; }
    public List<string> Recipients { get; } = [];
    public string? Data { get; set; }

    /// <summary>The decoded AUTH PLAIN response: authzid NUL user NUL password.</summary>
    public string? AuthPlain { get; set; }
}

/// <summary>
/// Just enough of an SMTP server (RFC 5321) on 127.0.0.1 and an ephemeral port for MailKit to deliver to it:
/// greeting, EHLO, optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. One connection at a time.
/// </summary>
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SmtpSession> _sessions = Channel.CreateUnbounded<SmtpSession>();
    private readonly Task _accepting;

    public FakeSmtpServer(bool offerAuth = false, string? rejectRecipient = null)
    {
        OfferAuth = offerAuth;
        RejectRecipient = rejectRecipient;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public bool OfferAuth { get; }

    public string? RejectRecipient { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The next session once its client has hung up.</summary>
    public async Task<SmtpSession> NextSessionAsync() =>
        await _sessions.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                var session = new SmtpSession();
                try
                {
                    await ServeAsync(client.GetStream(), session, _stop.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    // The client hung up mid-conversation (MailKit does after a refusal); the session is still worth seeing.
                }

                await _sessions.Writer.WriteAsync(session, CancellationToken.None);
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream, SmtpSession session, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP fake");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            session.Commands.Add(line);
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync(OfferAuth ? "250-localhost\r\n250 AUTH PLAIN" : "250 localhost");
                    break;
                case "HELO" or "RSET" or "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "AUTH":
                    var initial = argument.Split(' ', 2) is [_, var response] ? response : null;
                    if (initial is null)
                    {
                        await writer.WriteLineAsync("334 ");
                        initial = await reader.ReadLineAsync(cancellationToken) ?? "";
                    }

                    session.AuthPlain = Encoding.UTF8.GetString(Convert.FromBase64String(initial));
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    break;
                case "MAIL":
                    session.MailFrom = Address(argument);
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    var recipient = Address(argument);
                    if (recipient == RejectRecipient)
                    {
                        await writer.WriteLineAsync($"550 5.1.1 <{recipient}>: no such user");
                        break;
                    }

                    session.Recipients.Add(recipient);
                    await writer.WriteLineAsync("250 2.1.5 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    session.Data = await ReadDataAsync(reader, cancellationToken);
                    await writer.WriteLineAsync("250 2.0.0 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 command not recognized");
                    break;
            }
        }
    }

    /// <summary>Lines up to the lone dot, with the sender's dot-stuffing undone.</summary>
    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
        {
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        }

        return data.ToString();
    }

    /// <summary>"FROM:&lt;a@b.c&gt; SIZE=12" → "a@b.c".</summary>
    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal) + 1;
        return argument[start..argument.IndexOf('>', start)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
