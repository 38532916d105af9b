//! Amplify's `nextStep` names, each with the fields its output carries. One macro defines the
//! Rust enum and the TypeScript discriminated union, so the two cannot drift apart.

use crate::error::{AuthError, Validation};

macro_rules! next_steps {
    ($(#[$m:meta])* $ty:ident, $tag:literal, $ts:ident {
        $($v:ident { $($field:ident: $fty:literal),* },)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types, missing_docs)]
        pub enum $ty { $($v,)* }

        impl $ty {
            /// Every step, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$v,)*];
            /// Amplify's spelling.
            pub fn as_str(self) -> &'static str { match self { $($ty::$v => stringify!($v),)* } }
            /// Parses Amplify's spelling.
            pub fn parse(s: &str) -> Result<$ty, AuthError> {
                match s { $(stringify!($v) => Ok($ty::$v),)* _ => Err(Validation::InvalidInput.into()) }
            }
            /// The fields this step's `nextStep` carries besides the tag.
            pub fn fields(self) -> &'static [&'static str] {
                match self { $($ty::$v => &[$(stringify!($field)),*],)* }
            }
        }

        /// The TypeScript discriminated union of this step type.
        pub const $ts: &str = concat!(
            "export type ", stringify!($ty), " =",
            $("\n  | { ", $tag, ": '", stringify!($v), "'", $("; ", stringify!($field), ": ", $fty,)* " }",)*
            ";\n"
        );
    };
}

next_steps! {
    /// `nextStep.signInStep`.
    SignInStep, "signInStep", SIGN_IN_STEP_TS {
        CONFIRM_SIGN_IN_WITH_SMS_CODE { codeDeliveryDetails: "CodeDeliveryDetails" },
        CONFIRM_SIGN_IN_WITH_EMAIL_CODE { codeDeliveryDetails: "CodeDeliveryDetails" },
        CONFIRM_SIGN_IN_WITH_TOTP_CODE {},
        CONTINUE_SIGN_IN_WITH_MFA_SELECTION { allowedMFATypes: "AuthMFAType[]" },
        CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION { allowedMFATypes: "AuthMFAType[]" },
        CONTINUE_SIGN_IN_WITH_EMAIL_SETUP {},
        CONTINUE_SIGN_IN_WITH_TOTP_SETUP { totpSetupDetails: "TOTPSetupDetails" },
        CONFIRM_SIGN_IN_WITH_PASSWORD {},
        CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION { availableChallenges: "AuthFactorType[]" },
        CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE { additionalInfo: "Record<string, string>" },
        CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED { missingAttributes: "string[]" },
        RESET_PASSWORD {},
        CONFIRM_SIGN_UP {},
        DONE {},
    }
}

next_steps! {
    /// `nextStep.signUpStep`.
    SignUpStepName, "signUpStep", SIGN_UP_STEP_TS {
        CONFIRM_SIGN_UP { codeDeliveryDetails: "CodeDeliveryDetails" },
        COMPLETE_AUTO_SIGN_IN {},
        DONE {},
    }
}

next_steps! {
    /// `nextStep.resetPasswordStep`.
    ResetPasswordStep, "resetPasswordStep", RESET_PASSWORD_STEP_TS {
        CONFIRM_RESET_PASSWORD_WITH_CODE { codeDeliveryDetails: "CodeDeliveryDetails" },
        DONE {},
    }
}

next_steps! {
    /// `nextStep.updateAttributeStep`.
    UpdateAttributeStep, "updateAttributeStep", UPDATE_ATTRIBUTE_STEP_TS {
        CONFIRM_ATTRIBUTE_WITH_CODE { codeDeliveryDetails: "CodeDeliveryDetails" },
        DONE {},
    }
}
