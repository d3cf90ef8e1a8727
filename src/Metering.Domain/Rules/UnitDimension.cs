namespace Metering.Domain.Rules;

/// <summary>What one counted unit of an activity meter is.</summary>
public enum UnitDimension
{
    /// <summary>The subject (after alias resolution when the meter asks for it).</summary>
    Subject,

    /// <summary>The subject and the deployment: a user active in the cloud and on premises counts twice (Spark Flex).</summary>
    SubjectAndDeployment,
}
