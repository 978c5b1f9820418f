import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { CONSORTIUM_ID } from '../consortia/consortia.service';
import { IsCalendarDate } from '../http/dto-validators';

/** Some visible character: a blank signatory or reason is no answer (the schema says so, so 400). */
const NOT_BLANK = /\S/;

/** ennakkokysely: the pre-survey a municipality answers before signing. */
export class SurveyAnswerDto {
  @ApiProperty({ description: 'Will the municipality join E-kirjasto?' })
  @IsBoolean()
  intendsToJoin!: boolean;

  @ApiProperty({ example: 'first round (April 2024)', maxLength: 200, description: 'The wished schedule, as the municipality put it' })
  @IsString()
  @MaxLength(200)
  desiredSchedule!: string;

  @ApiProperty({ example: 'kirjasto@kunta.fi', format: 'email', maxLength: 254, description: 'Who receives reminders and notices' })
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  contactEmail!: string;
}

/** yhteistyösopimus: the signature of the cooperation agreement. */
export class SignatureDto {
  @ApiProperty({ example: '2024-03-01', format: 'date', description: 'Date of signing, YYYY-MM-DD' })
  @IsCalendarDate()
  signedOn!: string;

  @ApiProperty({ example: 'Kirjastotoimenjohtaja Maija Meikäläinen', minLength: 1, maxLength: 200, pattern: NOT_BLANK.source })
  @IsString()
  @Matches(NOT_BLANK, { message: 'signatory must name who signed (not blank)' })
  @MaxLength(200)
  signatory!: string;
}

export class WithdrawDto {
  @ApiProperty({ example: 'The council decided not to join this year', minLength: 1, maxLength: 500, pattern: NOT_BLANK.source })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must say why (not blank)' })
  @MaxLength(500)
  reason!: string;
}

/** Moves a municipality into another consortium (kimppa); its running onboardings follow. */
export class ConsortiumMembershipDto {
  @ApiProperty({ example: 'kainet', pattern: CONSORTIUM_ID.source })
  @IsString()
  @Matches(CONSORTIUM_ID, { message: 'consortiumId must be a consortium id such as "helmet"' })
  consortiumId!: string;
}
