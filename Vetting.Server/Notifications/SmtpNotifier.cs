using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Vetting.Activities.Ports;
using Vetting.Server.Configuration;

namespace Vetting.Server.Notifications;

/// <summary>Mails the notification through an SMTP relay with MailKit: subject is the title, plain-text body the message and link.</summary>
public sealed class SmtpNotifier(string name, NotifierOptions options, TimeProvider clock, ILogger<SmtpNotifier> logger)
    : RemoteNotifier(name, options, clock, logger)
{
    private readonly string _host = options.Settings["host"];
    private readonly bool? _startTls = options.Settings.TryGetValue("starttls", out var on) ? on == "true" : null;
    private readonly string? _port = options.Settings.GetValueOrDefault("port");
    private readonly string? _username = options.Settings.GetValueOrDefault("username");
    private readonly string? _password = options.Settings.GetValueOrDefault("password");
    private readonly string _from = options.Settings["from"];
    private readonly string _to = options.Settings["to"];

    /// <summary>25 is the relay port; with STARTTLS asked for, 587 is the submission port that expects it.</summary>
    public int Port => _port is null ? (_startTls == true ? 587 : 25) : int.Parse(_port, CultureInfo.InvariantCulture);

    /// <summary>
    /// starttls: true insists on TLS and false never tries it (a LAN relay with a self-signed certificate).
    /// Unset leaves it to MailKit: TLS on connect for 465, otherwise STARTTLS when the server offers it.
    /// </summary>
    public SecureSocketOptions Security => _startTls switch
    {
        true => SecureSocketOptions.StartTls,
        false => SecureSocketOptions.None,
        null => SecureSocketOptions.Auto,
    };

    protected override async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        // Addresses are parsed per send, not in the constructor: a notifier must never fail to be created.
        using var message = Compose(notification);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(_host, Port, Security, cancellationToken);
        if (_username is not null)
        {
            await client.AuthenticateAsync(_username, _password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private MimeMessage Compose(Notification notification)
    {
        var message = new MimeMessage { Subject = notification.Title, Date = Clock.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(_from));
        // The config joins the list with commas; MimeKit's parser also honours quoted display names that contain one.
        message.To.AddRange(InternetAddressList.Parse(_to));
        var text = notification.Link is null ? notification.Message : $"{notification.Message}\n\n{notification.Link}";
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text };
        return message;
    }
}
