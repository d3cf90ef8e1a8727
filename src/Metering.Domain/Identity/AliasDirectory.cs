using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Rules;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Identity;

/// <summary>
/// The aliases of a contract's users: other identifiers (e-mail, user name) that <c>user.created</c> and
/// <c>user.updated</c> declared in <c>data.aliases</c> before a cut-off instant. Activity whose subject is an alias
/// counts for the user that declared it, within the same tenant. An alias declared by two users, or equal to the
/// subject of another user (one with a <c>user.created</c>), is not merged: it counts as itself and is reported as
/// an <c>alias-claimed-twice</c> anomaly. A declaration is never withdrawn: an identifier once declared keeps
/// naming its owner, even after a later update lists other aliases, so that earlier activity stays attributed.
/// </summary>
internal sealed class AliasDirectory
{
    public const string ClaimedTwice = "alias-claimed-twice";

    private readonly Dictionary<(TenantId Tenant, Subject Alias), Subject> _owners;

    private AliasDirectory(Dictionary<(TenantId, Subject), Subject> owners, ImmutableArray<Anomaly> anomalies)
    {
        _owners = owners;
        Anomalies = anomalies;
    }

    /// <summary>A directory that resolves nothing.</summary>
    public static AliasDirectory None { get; } = new([], []);

    /// <summary>The conflicting aliases, sorted by tenant then alias.</summary>
    public ImmutableArray<Anomaly> Anomalies { get; }

    /// <summary>Builds the directory of the users of <paramref name="tenants"/> from their facts strictly before <paramref name="before"/>.</summary>
    public static AliasDirectory Of(IEnumerable<TenantId> tenants, MeteringInputs inputs, Instant before)
    {
        var owners = new Dictionary<(TenantId, Subject), Subject>();
        var anomalies = ImmutableArray.CreateBuilder<Anomaly>();
        foreach (var tenant in tenants.Distinct().Order())
        {
            var users = new HashSet<Subject>();
            var claims = new SortedDictionary<Subject, SortedSet<Subject>>();
            foreach (var (user, facts) in inputs.TimelinesOf(tenant, FactFamily.User))
            {
                foreach (var fact in facts)
                {
                    if (fact.Time >= before || fact.Type is not (EventCatalog.UserCreated or EventCatalog.UserUpdated))
                    {
                        continue;
                    }

                    if (fact.Type == EventCatalog.UserCreated)
                    {
                        users.Add(user);
                    }

                    foreach (var alias in (fact.Data.Aliases ?? []).Select(a => new Subject(a)))
                    {
                        if (alias == user)
                        {
                            continue;
                        }

                        if (!claims.TryGetValue(alias, out var claimants))
                        {
                            claimants = [];
                            claims.Add(alias, claimants);
                        }

                        claimants.Add(user);
                    }
                }
            }

            foreach (var (alias, claimants) in claims)
            {
                if (claimants.Count > 1)
                {
                    anomalies.Add(new Anomaly(
                        ClaimedTwice,
                        $"Tenant {tenant}: the alias '{alias}' is declared by {claimants.Count} users ({string.Join(", ", claimants.Select(c => $"'{c}'"))}); it is not merged and its activity counts as its own.",
                        [.. claimants.Append(alias).Order().Select(s => s.Value)]));
                }
                else if (users.Contains(alias))
                {
                    anomalies.Add(new Anomaly(
                        ClaimedTwice,
                        $"Tenant {tenant}: the alias '{alias}' declared by '{claimants.Min}' is also the subject of another user; it is not merged and its activity counts as its own.",
                        [.. claimants.Append(alias).Order().Select(s => s.Value)]));
                }
                else
                {
                    owners.Add((tenant, alias), claimants.Min!);
                }
            }
        }

        return new AliasDirectory(owners, anomalies.ToImmutable());
    }

    /// <summary>The user that <paramref name="subject"/> names: its owner when it is a merged alias, else itself.</summary>
    public Subject Resolve(TenantId tenant, Subject subject) =>
        _owners.TryGetValue((tenant, subject), out var owner) ? owner : subject;
}
