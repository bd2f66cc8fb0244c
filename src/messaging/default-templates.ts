// The built-in templates. SMS texts stay in the GSM-7 alphabet (one segment where possible) and
// carry no clinical content: a link, the practice name and phone are enough (messaging.md).
import type { MessagePurpose } from './templates.js';

export const defaultTemplates: Record<
  MessagePurpose,
  { sms: string; emailSubject: string; emailHtml: string }
> = {
  card_update: {
    sms: '{{OfficeName}}: Hi {{PatientFirstName}}, please update the card we keep on file for your payments here: {{CardUpdateLink}} Questions? {{OfficePhone}}',
    emailSubject: 'Please update your card on file with {{OfficeName}}',
    emailHtml: [
      '<p>Hi {{PatientFirstName}},</p>',
      '<p>The card we keep on file for your payments at {{OfficeName}} needs updating. Please enter your current card on our secure page:</p>',
      '<p><a href="{{CardUpdateLink}}">{{CardUpdateLink}}</a></p>',
      '<p>A small temporary authorisation confirms the card; it is released and never charged.</p>',
      '<p>Questions? Call us at {{OfficePhone}}.</p>',
    ].join('\n'),
  },
  paywall: {
    sms: '{{OfficeName}}: Hi {{PatientFirstName}}, please pay {{AmountDue}} before your appointment on {{AppointmentDate}} at {{AppointmentTime}}: {{PaymentLink}} Questions? {{OfficePhone}}',
    emailSubject: 'Payment for your appointment on {{AppointmentDate}}',
    emailHtml: [
      '<p>Hi {{PatientFirstName}},</p>',
      '<p>Please pay {{AmountDue}} before your appointment on {{AppointmentDate}} at {{AppointmentTime}}:</p>',
      '<p><a href="{{PaymentLink}}">{{PaymentLink}}</a></p>',
      '<p>Questions? Call us at {{OfficePhone}}.</p>',
    ].join('\n'),
  },
  invoice: {
    sms: '{{OfficeName}}: Hi {{PatientFirstName}}, your invoice of {{AmountDue}} is due {{DueDate}}. Pay securely here: {{PaymentLink}}',
    emailSubject: 'Your invoice from {{OfficeName}}',
    emailHtml: [
      '<p>Hi {{PatientFirstName}},</p>',
      '<p>Your invoice of {{AmountDue}} is due on {{DueDate}}. You can pay it securely here:</p>',
      '<p><a href="{{PaymentLink}}">{{PaymentLink}}</a></p>',
      '<p>Questions? Call us at {{OfficePhone}}.</p>',
    ].join('\n'),
  },
};
