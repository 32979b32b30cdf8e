#include "codec/gpp/sections.h"

namespace tact::codec::gpp {
namespace {

using K = FieldKind;

constexpr FieldSpec kHeader[] = {
    {"Id", K::kInt, 6, 0, 3},
    {"Version", K::kInt, 6, 0, 1},
    {"SectionIds", K::kFibRange},
};

constexpr FieldSpec kGpc[] = {
    {"GpcSegmentType", K::kInt, 2, 0, 1},
    {"Gpc", K::kBool},
};

constexpr FieldSpec kSensitiveData[] = {
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
};

constexpr FieldSpec kUsNatV1Core[] = {
    {"Version", K::kInt, 6, 0, 2},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"SharingOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataLimitUseNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"SharingOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 12},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 2},
    {"PersonalDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kTcfCaCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"Created", K::kDatetime},
    {"LastUpdated", K::kDatetime},
    {"CmpId", K::kInt, 12},
    {"CmpVersion", K::kInt, 12},
    {"ConsentScreen", K::kInt, 6},
    {"ConsentLanguage", K::kString, 0, 2},
    {"VendorListVersion", K::kInt, 12},
    {"TcfPolicyVersion", K::kInt, 6, 0, 2},
    {"UseNonStandardStacks", K::kBool},
    {"SpecialFeatureExpressConsent", K::kBitfield, 0, 12},
    {"PurposesExpressConsent", K::kBitfield, 0, 24},
    {"PurposesImpliedConsent", K::kBitfield, 0, 24},
    {"VendorExpressConsent", K::kOptFibRange},
    {"VendorImpliedConsent", K::kOptFibRange},
    {"PubRestrictions", K::kFibRangeArray, 0, 0, 0, /*soft=*/true},
};

constexpr FieldSpec kTcfCaCoreFixed[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"Created", K::kDatetime},
    {"LastUpdated", K::kDatetime},
    {"CmpId", K::kInt, 12},
    {"CmpVersion", K::kInt, 12},
    {"ConsentScreen", K::kInt, 6},
    {"ConsentLanguage", K::kString, 0, 2},
    {"VendorListVersion", K::kInt, 12},
    {"TcfPolicyVersion", K::kInt, 6, 0, 2},
    {"UseNonStandardStacks", K::kBool},
    {"SpecialFeatureExpressConsent", K::kBitfield, 0, 12},
    {"PurposesExpressConsent", K::kBitfield, 0, 24},
    {"PurposesImpliedConsent", K::kBitfield, 0, 24},
    {"VendorExpressConsent", K::kOptFixedRange},
    {"VendorImpliedConsent", K::kOptFixedRange},
    {"PubRestrictions", K::kFixedRangeArray, 0, 0, 0, /*soft=*/true},
};

constexpr FieldSpec kTcfCaDisclosedVendorsFixed[] = {
    {"DisclosedVendorsSegmentType", K::kInt, 3, 0, 1},
    {"DisclosedVendors", K::kOptFixedRange},
};

constexpr FieldSpec kTcfCaPublisherPurposes[] = {
    {"PubPurposesSegmentType", K::kInt, 3, 0, 3},
    {"PubPurposesExpressConsent", K::kBitfield, 0, 24},
    {"PubPurposesImpliedConsent", K::kBitfield, 0, 24},
    {"NumCustomPurposes", K::kInt, 6},
    {"CustomPurposesExpressConsent", K::kFlexBitfield},
    {"CustomPurposesImpliedConsent", K::kFlexBitfield},
};

constexpr FieldSpec kTcfCaDisclosedVendors[] = {
    {"DisclosedVendorsSegmentType", K::kInt, 3, 0, 1},
    {"DisclosedVendors", K::kOptFibRange},
};

// Kinds for JSON; id arrays are listed as kOptFibRange, restrictions as kFibRangeArray.
constexpr FieldSpec kTcfEuFields[] = {
    {"Version", K::kInt, 6, 0, 2},
    {"Created", K::kDatetime},
    {"LastUpdated", K::kDatetime},
    {"CmpId", K::kInt, 12},
    {"CmpVersion", K::kInt, 12},
    {"ConsentScreen", K::kInt, 6},
    {"ConsentLanguage", K::kString, 0, 2},
    {"VendorListVersion", K::kInt, 12},
    {"PolicyVersion", K::kInt, 6},
    {"IsServiceSpecific", K::kBool},
    {"UseNonStandardStacks", K::kBool},
    {"SpecialFeatureOptins", K::kBitfield, 0, 12},
    {"PurposeConsents", K::kBitfield, 0, 24},
    {"PurposeLegitimateInterests", K::kBitfield, 0, 24},
    {"PurposeOneTreatment", K::kBool},
    {"PublisherCountryCode", K::kString, 0, 2},
    {"VendorConsents", K::kOptFibRange},
    {"VendorLegitimateInterests", K::kOptFibRange},
    {"PublisherRestrictions", K::kFibRangeArray},
    {"PublisherPurposesSegmentType", K::kInt, 3, 0, 3},
    {"PublisherConsents", K::kBitfield, 0, 24},
    {"PublisherLegitimateInterests", K::kBitfield, 0, 24},
    {"NumCustomPurposes", K::kInt, 6},
    {"PublisherCustomConsents", K::kFlexBitfield},
    {"PublisherCustomLegitimateInterests", K::kFlexBitfield},
    {"VendorsAllowedSegmentType", K::kInt, 3, 0, 2},
    {"VendorsAllowed", K::kOptFibRange},
    {"VendorsDisclosedSegmentType", K::kInt, 3, 0, 1},
    {"VendorsDisclosed", K::kOptFibRange},
};

constexpr FieldSpec kUspV1Fields[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"Notice", K::kString, 0, 1},
    {"OptOutSale", K::kString, 0, 1},
    {"LspaCovered", K::kString, 0, 1},
};

// Generated from the @iabgpp/cmpapi 3.2.0 core segment classes.
constexpr FieldSpec kUsnatCore[] = {
    {"Version", K::kInt, 6, 0, 2},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"SharingOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataLimitUseNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"SharingOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 16},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"PersonalDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUscaCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"SharingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataLimitUseNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"SharingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 9},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 2},
    {"PersonalDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsvaCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUscoCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 7},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsutCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsctCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsflCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsmtCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"SharingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsorCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 11},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUstxCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsdeCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 9},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 5},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsiaCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SensitiveDataOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsneCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsnhCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 3},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsnjCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 10},
    {"KnownChildSensitiveDataConsents", K::kIntList, 2, 5},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUstnCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsmnCore[] = {
    {"Version", K::kInt, 6, 0, 1},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"SensitiveDataProcessing", K::kIntList, 2, 8},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaOptOutOptionMode", K::kInt, 2, 0, 0},
    {"MspaServiceProviderMode", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsmdCore[] = {
    {"MspaVersion", K::kInt, 6, 0, 1},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaMode", K::kInt, 2, 0, 0},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsinCore[] = {
    {"MspaVersion", K::kInt, 6, 0, 1},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaMode", K::kInt, 2, 0, 0},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUskyCore[] = {
    {"MspaVersion", K::kInt, 6, 0, 1},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaMode", K::kInt, 2, 0, 0},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
};

constexpr FieldSpec kUsriCore[] = {
    {"MspaVersion", K::kInt, 6, 0, 1},
    {"MspaCoveredTransaction", K::kInt, 2, 0, 1},
    {"MspaMode", K::kInt, 2, 0, 0},
    {"ProcessingNotice", K::kInt, 2, 0, 0},
    {"SaleOptOutNotice", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOutNotice", K::kInt, 2, 0, 0},
    {"SaleOptOut", K::kInt, 2, 0, 0},
    {"TargetedAdvertisingOptOut", K::kInt, 2, 0, 0},
    {"KnownChildSensitiveDataConsents", K::kInt, 2, 0, 0},
    {"AdditionalDataProcessingConsent", K::kInt, 2, 0, 0},
};

constexpr UsSectionSpec kUsSections[] = {
    {7, "usnat", kUsnatCore, Optional::kGpc},
    {8, "usca", kUscaCore, Optional::kGpc},
    {9, "usva", kUsvaCore, Optional::kNone},
    {10, "usco", kUscoCore, Optional::kGpc},
    {11, "usut", kUsutCore, Optional::kNone},
    {12, "usct", kUsctCore, Optional::kGpc},
    {13, "usfl", kUsflCore, Optional::kNone},
    {14, "usmt", kUsmtCore, Optional::kGpc},
    {15, "usor", kUsorCore, Optional::kGpc},
    {16, "ustx", kUstxCore, Optional::kGpc},
    {17, "usde", kUsdeCore, Optional::kGpc},
    {18, "usia", kUsiaCore, Optional::kGpc},
    {19, "usne", kUsneCore, Optional::kGpc},
    {20, "usnh", kUsnhCore, Optional::kGpc},
    {21, "usnj", kUsnjCore, Optional::kGpc},
    {22, "ustn", kUstnCore, Optional::kGpc},
    {23, "usmn", kUsmnCore, Optional::kGpc},
    {24, "usmd", kUsmdCore, Optional::kGpc},
    {25, "usin", kUsinCore, Optional::kSensitiveData},
    {26, "usky", kUskyCore, Optional::kSensitiveData},
    {27, "usri", kUsriCore, Optional::kSensitiveData},
};

}  // namespace

const UsSectionSpec* FindUsSection(int id) {
  for (const UsSectionSpec& s : kUsSections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string_view SectionName(int id) {
  switch (id) {
    case kTcfEuV2Id: return "tcfeuv2";
    case kTcfCaV1Id: return "tcfcav1";
    case kUspV1Id: return "uspv1";
    default: {
      const UsSectionSpec* s = FindUsSection(id);
      return s ? s->name : "";
    }
  }
}

int SectionIdByName(std::string_view name) {
  if (name == "tcfeuv2") return kTcfEuV2Id;
  if (name == "tcfcav1") return kTcfCaV1Id;
  if (name == "uspv1") return kUspV1Id;
  for (const UsSectionSpec& s : kUsSections) {
    if (name == s.name) return s.id;
  }
  return 0;
}

SegmentSpec HeaderSpec() { return kHeader; }
SegmentSpec GpcSpec() { return kGpc; }
SegmentSpec SensitiveDataSpec() { return kSensitiveData; }
SegmentSpec UsNatV1CoreSpec() { return kUsNatV1Core; }
SegmentSpec TcfCaCoreSpec() { return kTcfCaCore; }
SegmentSpec TcfCaPublisherPurposesSpec() { return kTcfCaPublisherPurposes; }
SegmentSpec TcfCaDisclosedVendorsSpec() { return kTcfCaDisclosedVendors; }
SegmentSpec TcfCaCoreFixedSpec() { return kTcfCaCoreFixed; }
SegmentSpec TcfCaDisclosedVendorsFixedSpec() { return kTcfCaDisclosedVendorsFixed; }
SegmentSpec TcfEuFieldsSpec() { return kTcfEuFields; }
SegmentSpec UspV1FieldsSpec() { return kUspV1Fields; }

}  // namespace tact::codec::gpp
