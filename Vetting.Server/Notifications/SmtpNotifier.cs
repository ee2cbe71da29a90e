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
    private readonly string host = options.Settings["host"];
    private readonly bool? startTls = options.Settings.TryGetValue("starttls", out var on) ? on == "true" : null;
    private readonly string? port = options.Settings.GetValueOrDefault("port");
    private readonly string? username = options.Settings.GetValueOrDefault("username");
    private readonly string? password = options.Settings.GetValueOrDefault("password");
    private readonly string from = options.Settings["from"];
    private readonly string to = options.Settings["to"];

    /// <summary>25 is the relay port; with STARTTLS asked for, 587 is the submission port that expects it.</summary>
    public int Port => port is null ? (startTls == true ? 587 : 25) : int.Parse(port, CultureInfo.InvariantCulture);

    /// <summary>
    /// starttls: true insists on TLS and false never tries it (a LAN relay with a self-signed certificate).
    /// Unset leaves it to MailKit: TLS on connect for 465, otherwise STARTTLS when the server offers it.
    /// </summary>
    public SecureSocketOptions Security => startTls switch
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
        await client.ConnectAsync(host, Port, Security, cancellationToken);
        if (username is not null)
        {
            await client.AuthenticateAsync(username, password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private MimeMessage Compose(Notification notification)
    {
        var message = new MimeMessage { Subject = notification.Title, Date = Clock.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(from));
        // The config joins the list with commas; MimeKit's parser also honours quoted display names that contain one.
        message.To.AddRange(InternetAddressList.Parse(to));
        var text = notification.Link is null ? notification.Message : $"{notification.Message}\n\n{notification.Link}";
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text };
        return message;
    }
}
