namespace Metering.Simulation;

/// <summary>The state of one simulated user, as far as its tenant's apps know it: what the next events must agree with.</summary>
internal sealed class SimulatedUser(int index, string subject, string? alias, double engagement, string deployment, bool hostsMeetings)
{
    public int Index { get; } = index;

    public string Subject { get; } = subject;

    /// <summary>An e-mail the user is also known by (declared in <c>user.created</c>); some activity arrives under it.</summary>
    public string? Alias { get; } = alias;

    /// <summary>How engaged the user is, in (0, 1]: the skew of activity (a few users do most of it).</summary>
    public double Engagement { get; } = engagement;

    /// <summary><c>cloud</c>, <c>on-premises</c> or <c>hybrid</c> (both).</summary>
    public string Deployment { get; } = deployment;

    public bool HostsMeetings { get; } = hostsMeetings;

    public bool Exists { get; set; }

    public bool ActiveFlag { get; set; }

    public bool Suspended { get; set; }

    public bool Administrator { get; set; }

    public bool Seat { get; set; }

    public bool Credential { get; set; }

    public int Incarnation { get; set; }

    public NodaTime.LocalDate? RecreateOn { get; set; }

    public string? AccessId { get; set; }

    public List<(string LicenseId, string ContentId)> Licences { get; } = [];

    public List<(string CourseId, bool Active)> Enrolments { get; } = [];

    public bool CanWork => Exists && ActiveFlag && !Suspended;
}
