using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Text;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Cli.Tests.Serve;

/// <summary>Tenants and request bodies of the serve tests.</summary>
internal static class ServeInput
{
    /// <summary>The instant the tests run at: after March 2024, before the March windows close (2024-04-03).</summary>
    public static readonly Instant Now = Instant.FromUtc(2024, 4, 1, 0, 0);

    public static readonly Tenant Acme = new(TenantId.Parse("acme"), DateTimeZoneProviders.Tzdb["Europe/Berlin"], ImmutableSortedSet.Create(StringComparer.Ordinal, "app://crm"));

    public static readonly Tenant Globex = new(TenantId.Parse("globex"), DateTimeZone.Utc, ImmutableSortedSet.Create(StringComparer.Ordinal, "app://erp"));

    public static HttpContent Content(string body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }
}
